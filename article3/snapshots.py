"""What pages derive from a whole case (the chronology and its checks, the element matrix, the gap
report), kept in this process's memory between requests until the case changes.

Reading a large case means decrypting every event, account and fact and running the checks: a
second or more for 1,000 events. Most requests read a case nobody changed since the last one.

When a case changed: every table that holds a case's records has database triggers that, in the
writing transaction, give the case's row of `cases.CaseStamp` a new token (row 0 for records cases
share: country reports, interpreters, organisations). They are installed after each `migrate`
(`install_stamps`, from the cases app's post_migrate signal), for every model table but the few in
`UNSTAMPED`, so a write through a service, a task, `bulk_create`, `update()`, a cascade or a shell
is seen alike. A reader reads the tokens first, then the case, and keeps what it made under the
tokens it read: a write that commits in between gives new tokens, so what was made is never served
for the state after the write. Tokens are random (a sequence on PostgreSQL), so a write rolled back
cannot leave a token that a later write would repeat, and what a transaction derives from its own
uncommitted writes is kept under a token no one will read again.

Security: what is kept holds decrypted case text, so it stays in this process's memory only
(never the database, Redis or a file), for at most `ARTICLE3_SNAPSHOT_SECONDS` (10 minutes) and at
most `ARTICLE3_SNAPSHOT_ENTRIES` entries (40; 0 turns keeping off; a case of 1,000 events opened
on every page takes ten entries and about 41 MB, as measured with tracemalloc); an entry of a case
is dropped as soon as a newer state of the case is kept. If the triggers are missing (a database restored
without them), nothing is kept and every page reads the case afresh.

What is kept is shared by the threads of the process: callers must treat it as read-only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignKey, Model
from django.urls import get_script_prefix
from django.utils import translation

log = logging.getLogger("article3.snapshots")
T = TypeVar("T")

STAMP_TABLE = "cases_casestamp"
TRIGGER = "a3stamp"
# Tables whose writes change nothing a derived page shows: the log, sessions and sign-in records,
# the task queue, the dashboard's note of the last check (written by the overview itself), and
# records of what was sent. Every other table of every installed model is stamped.
UNSTAMPED = frozenset({
    STAMP_TABLE, "cases_casecheck", "audit_auditentry", "audit_audithead", "django_session",
    "django_migrations", "django_content_type", "django_admin_log", "auth_permission", "auth_group",
    "auth_group_permissions", "auth_user", "auth_user_groups", "auth_user_user_permissions",
    "accounts_loginfailure", "accounts_languagepreference", "otp_static_staticdevice",
    "otp_static_statictoken", "otp_totp_totpdevice", "django_tasks_database_dbtaskresult",
    "api_apitoken", "api_webhookdelivery", "cluster_nightlyrun", "cluster_pendingjob",
    "deadlines_digestsent", "deadlines_remindersent", "remedies_removalalarmsent",
})
MAX_DEPTH = 4


# --- the triggers -------------------------------------------------------------------------------

def stamped_tables() -> dict[str, str]:
    """{table: SQL expression of the case id, over the row alias `ROW`} for every stamped table."""
    from django.apps import apps

    tables: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in UNSTAMPED or meta.db_table in tables:
            continue
        paths = _case_paths(model, "ROW", 0)
        tables[meta.db_table] = f"COALESCE({', '.join(paths)}, 0)" if paths else "0"
    return tables


def _case_paths(model: type[Model], alias: str, depth: int) -> list[str]:
    """SQL expressions of the case id of a row of `model` named `alias`, the shortest paths first."""
    from article3.cases.models import Case

    if model is Case:
        return [f"{alias}.id"]
    fks = [f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)]
    direct = [f"{alias}.{connection.ops.quote_name(f.column)}" for f in fks if f.related_model is Case]
    if direct or depth >= MAX_DEPTH:
        return direct
    found = []
    for fk in fks:
        parent = cast(type[Model], fk.related_model)
        if parent is model or parent._meta.db_table in UNSTAMPED:
            continue
        inner = f"p{depth}"
        for path in _case_paths(parent, inner, depth + 1):
            target = connection.ops.quote_name(fk.target_field.column)
            table = connection.ops.quote_name(parent._meta.db_table)
            found.append(f"(SELECT {path} FROM {table} {inner} "  # noqa: S608  # nosec B608  (names from the models)
                         f"WHERE {inner}.{target} = {alias}.{connection.ops.quote_name(fk.column)})")
    return found


def install_stamps(using: str = "default", **_: Any) -> None:
    """(Re)create the triggers for every stamped table that exists (after each migrate), and give
    every case a new token: what processes kept before the migration is not read again."""
    from django.db import connections

    conn = connections[using]
    existing = set(conn.introspection.table_names())
    if STAMP_TABLE not in existing:
        return
    tables = {t: expr for t, expr in stamped_tables().items() if t in existing}
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            _install_postgresql(cursor, tables)
            cursor.execute(f"UPDATE {STAMP_TABLE} SET token = nextval('{STAMP_TABLE}_token')")  # noqa: S608  # nosec B608
        elif conn.vendor == "sqlite":
            _install_sqlite(cursor, tables)
            cursor.execute(f"UPDATE {STAMP_TABLE} SET token = random()")  # noqa: S608  # nosec B608
    _installed.clear()


def drop_stamps(using: str = "default", **_: Any) -> None:
    """Remove every trigger before a migrate. A trigger names the tables on a record's way to its case,
    and SQLite rebuilds a table to alter it: a trigger naming the table being rebuilt fails the
    migration ("error in trigger … no such table"). They are put back after it (`install_stamps`)."""
    from django.db import connections

    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = %s", [TRIGGER])
            for (table,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
        elif conn.vendor == "sqlite":
            _drop_sqlite(cursor)
    _installed.clear()


def _drop_sqlite(cursor: Any) -> None:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}%"])
    for (name,) in cursor.fetchall():
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _install_sqlite(cursor: Any, tables: dict[str, str]) -> None:
    _drop_sqlite(cursor)
    # Every name in these statements comes from the models, none from input.
    touch = (f"INSERT INTO {STAMP_TABLE} (case_id, token) SELECT {{}}, random() WHERE 1 "  # nosec B608
             "ON CONFLICT(case_id) DO UPDATE SET token = excluded.token;")
    for table, expr in tables.items():
        new, old = (touch.format(expr.replace("ROW.", f"{row}.")) for row in ("NEW", "OLD"))
        for op, body in (("insert", new), ("update", new + " " + old), ("delete", old)):
            cursor.execute(f'CREATE TRIGGER "{TRIGGER}_{table}_{op}" AFTER {op.upper()} ON "{table}" '
                           f"FOR EACH ROW BEGIN {body} END")


def _install_postgresql(cursor: Any, tables: dict[str, str]) -> None:
    cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {STAMP_TABLE}_token")
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {TRIGGER}_touch(c bigint) RETURNS void LANGUAGE sql AS $$ "  # noqa: S608  # nosec B608
        f"INSERT INTO {STAMP_TABLE} (case_id, token) VALUES (c, nextval('{STAMP_TABLE}_token')) "
        "ON CONFLICT (case_id) DO UPDATE SET token = EXCLUDED.token $$")
    cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                   [TRIGGER])
    for (table,) in cursor.fetchall():
        if table not in tables:
            cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
    for table, expr in tables.items():
        function = f"{TRIGGER}_{table}"[:63]
        new, old = expr.replace("ROW.", "NEW."), expr.replace("ROW.", "OLD.")
        cursor.execute(
            f'CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
            f"IF TG_OP <> 'DELETE' THEN PERFORM {TRIGGER}_touch({new}); END IF; "
            f"IF TG_OP <> 'INSERT' THEN PERFORM {TRIGGER}_touch({old}); END IF; "
            "RETURN NULL; END $$")
        cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
        cursor.execute(f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                       f'FOR EACH ROW EXECUTE FUNCTION "{function}"()')


def missing_stamps(conn: BaseDatabaseWrapper | None = None) -> list[str]:
    """The stamped tables that have no trigger in the database (none, once installed)."""
    conn = conn or connection
    existing = set(conn.introspection.table_names())
    wanted = {t for t in stamped_tables() if t in existing}
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = %s", [TRIGGER])
            have = {row[0] for row in cursor.fetchall()}
        elif conn.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [f"{TRIGGER}%"])
            have = {row[0] for row in cursor.fetchall()}
        else:
            return sorted(wanted)
    return sorted(wanted - have)


_installed: dict[str, bool] = {}


def _stamps_in_place() -> bool:
    """Whether this database has every trigger (checked once per process and database)."""
    key = f"{connection.vendor}:{connection.settings_dict.get('NAME')}"
    if key not in _installed:
        missing = missing_stamps()
        if missing:
            log.warning("Case pages are read afresh on each request: %d tables have no change stamp "
                        "(run `article3 manage migrate`): %s", len(missing), ", ".join(missing[:5]))
        _installed[key] = not missing
    return _installed[key]


# --- the tokens and what is kept under them -----------------------------------------------------

def case_tokens(case_id: int) -> tuple[int | None, int | None]:
    """The case's token and the shared records' token, as this transaction sees them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT case_id, token FROM {STAMP_TABLE} WHERE case_id IN (0, %s)",  # noqa: S608  # nosec B608
                       [case_id])
        found = dict(cursor.fetchall())
    return found.get(case_id), found.get(0)


class Memo:
    """A bounded, time-limited map of derived values, one computation per key at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[float, Any]] = OrderedDict()
        self._computing: dict[tuple[Hashable, ...], threading.Lock] = {}
        self.hits = self.misses = 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[Hashable, ...], compute: Callable[[], T], *, entries: int, seconds: float) -> T:
        found = self._lookup(key, seconds)
        if found is not None:
            return found[0]  # type: ignore[no-any-return]
        with self._lock:
            self.misses += 1
            busy = self._computing.setdefault(key, threading.Lock())
        try:
            with busy:  # a second request for the same state waits for the first, rather than computing it too
                found = self._lookup(key, seconds, waited=True)
                if found is not None:
                    return found[0]  # type: ignore[no-any-return]
                value = compute()
                self._store(key, value, entries)
                return value
        finally:
            with self._lock:
                self._computing.pop(key, None)

    def _lookup(self, key: tuple[Hashable, ...], seconds: float, waited: bool = False) -> tuple[Any] | None:
        now = time.monotonic()
        with self._lock:
            for old in [k for k, (at, _) in self._entries.items() if now - at > seconds]:
                del self._entries[old]
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                self.misses -= waited  # it was counted a miss before waiting for another's computation
                return (self._entries[key][1],)
            return None

    def _store(self, key: tuple[Hashable, ...], value: Any, entries: int) -> None:
        with self._lock:
            # An older state of the same thing for the same case is never read again: drop it now.
            for old in [k for k in self._entries if k[:2] == key[:2] and k[2] != key[2]]:
                del self._entries[old]
            self._entries[key] = (time.monotonic(), value)
            while len(self._entries) > entries:
                self._entries.popitem(last=False)


_memo = Memo()


def memo() -> Memo:
    return _memo


def kept(kind: str, case: Any, compute: Callable[[], T], extra: Iterable[Hashable] = ()) -> T:
    """`compute()`, or what it gave for the same state of `case` (and language, prefix and `extra`)."""
    entries = int(getattr(settings, "ARTICLE3_SNAPSHOT_ENTRIES", 40))
    if entries <= 0 or case.pk is None or not _stamps_in_place():
        return compute()
    tokens = case_tokens(case.pk)  # before the case is read: see the module docstring
    key = (kind, case.pk, tokens, translation.get_language(), get_script_prefix(), *extra)
    return _memo.get(key, compute, entries=entries,
                     seconds=float(getattr(settings, "ARTICLE3_SNAPSHOT_SECONDS", 600)))


class Parts:
    """What one page works out from a case and the parts of it drawn once (`{% kept %}`), kept like
    any snapshot: for one state of the case, one language and one prefix. A snapshot that keeps
    what pages work out from it (the chronology's) is Parts too."""

    derived: dict[str, Any]

    def __init__(self) -> None:
        self.derived = {}

    def worked_out(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time, then what it gave."""
        if name not in self.derived:
            self.derived[name] = compute()
        return self.derived[name]  # type: ignore[no-any-return]


def page_parts(case: Any, page: str, extra: Iterable[Hashable] = ()) -> Parts:
    """The kept parts of `page` for the current state of `case` and `extra` (the day, for a page
    that depends on it); fresh ones when keeping is off."""
    return kept(f"parts:{page}", case, Parts, extra)
