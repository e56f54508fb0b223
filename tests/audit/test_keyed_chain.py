"""The keyed chain (issue 17): an edit with the chain recomputed, the newest entries deleted, and a
database rolled back are all caught; heads are published and checked against."""

import datetime
import hashlib
import importlib
import json
import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from article3.audit.models import AuditEntry, AuditHead
from article3.audit.services import (
    GENESIS,
    audit_record,
    chain_head,
    chain_verify,
    hashed_fields,
    head_publish,
    parse_head,
    unkeyed_entry_hash,
)
from tests.audit.test_chain import _fill, _raw
from tests.security.live import migrated
from tests.test_cli import article3

pytestmark = pytest.mark.django_db


def _recompute_from(seq: int, digest: object) -> None:
    """Rewrite every entry from `seq` on, as an insider with the database but not the instance key would."""
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        new = digest(prev, hashed_fields(entry))  # type: ignore[operator]
        _raw("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE seq = %s", [prev, new, entry.seq])
        prev = new
    _raw("UPDATE audit_audithead SET hash = %s", [prev])


def test_an_edit_with_the_chain_recomputed_is_caught() -> None:
    _fill()
    _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["test.thing.undone", 3])
    _recompute_from(3, lambda prev, fields: unkeyed_entry_hash(prev_hash=prev, fields=fields))
    report = chain_verify()
    assert not report.ok and report.first_broken_seq == 3 and "altered" in report.problem


def test_a_chain_recomputed_with_another_key_is_caught() -> None:
    import hmac

    _fill()
    _raw("UPDATE audit_auditentry SET actor = %s WHERE seq = %s", ["user:999", 2])
    _recompute_from(2, lambda prev, fields: hmac.new(b"guessed" * 4, f"{prev}|{json.dumps(fields, sort_keys=True)}"
                                                     .encode(), hashlib.sha256).hexdigest())
    assert chain_verify().first_broken_seq == 2


def test_deleting_the_newest_entries_is_caught_without_any_anchor() -> None:
    _fill(60)
    _raw("DELETE FROM audit_auditentry WHERE seq > %s", [10])
    report = chain_verify()
    assert not report.ok and report.head_seq == 10 and "newest entries were removed" in report.problem


def test_pointing_the_head_back_needs_the_key() -> None:
    _fill(60)
    tenth = AuditEntry.objects.get(seq=10)
    _raw("DELETE FROM audit_auditentry WHERE seq > %s", [10])
    _raw("UPDATE audit_audithead SET seq = 10, hash = %s", [tenth.hash])
    report = chain_verify()
    assert not report.ok and "signed head of the log was altered" in report.problem


def test_deleting_the_head_row_is_caught() -> None:
    _fill(3)
    AuditHead.objects.all().delete()
    assert "signed head of the log is missing" in chain_verify().problem


def test_a_database_rolled_back_as_a_whole_is_caught_by_the_published_head(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _fill(5)
    saved = AuditHead.objects.values("seq", "hash", "tag").get()  # an insider's copy of an old head
    _fill(5)
    monkeypatch.setenv("ARTICLE3_AUDIT_ANCHOR_FILE", str(tmp_path / "anchor.txt"))
    published = head_publish()
    assert published[0] == 10 and (tmp_path / "anchor.txt").read_text().startswith(f"10 {published[1]} ")
    assert (tmp_path / "anchor.txt").stat().st_mode & 0o777 == 0o600
    _raw("DELETE FROM audit_auditentry WHERE seq > %s", [5])
    _raw("UPDATE audit_audithead SET seq = %s, hash = %s, tag = %s", [saved["seq"], saved["hash"], saved["tag"]])
    monkeypatch.delenv("ARTICLE3_AUDIT_ANCHOR_FILE")
    assert chain_verify().ok, "the database alone cannot tell"
    assert not chain_verify(anchor=published).ok
    monkeypatch.setenv("ARTICLE3_AUDIT_ANCHOR_FILE", str(tmp_path / "anchor.txt"))
    assert "before the recorded head 10" in chain_verify().problem


def test_the_daily_head_goes_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    from article3.audit.tasks import audit_head_task

    _fill(2)
    with caplog.at_level(logging.INFO, logger="article3.audit"):
        audit_head_task.call()
    assert f"Audit chain head: 2 {chain_head()[1]}" in caplog.text


def test_heads_are_read_as_printed() -> None:
    digest = "ab" * 32
    assert parse_head(f"12:{digest}") == parse_head(f"12 {digest}") == (12, digest)
    for bad in ("12", f"x:{digest}", "12:abc"):
        with pytest.raises(ValueError, match="SEQ:HASH"):
            parse_head(bad)


def test_an_older_unkeyed_log_is_resealed_once_and_says_whether_it_was_intact() -> None:
    prev = GENESIS
    for i in range(3):
        entry = AuditEntry(seq=i + 1, at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), actor="test",
                           action="old.thing", object_key=str(i), detail={}, prev_hash=prev)
        entry.hash = unkeyed_entry_hash(prev_hash=prev, fields=hashed_fields(entry))
        entry.save()
        prev = entry.hash
    AuditEntry.objects.filter(seq=2).update(object_key="edited")  # broken before the upgrade
    migration = importlib.import_module("article3.audit.migrations.0003_keyed_chain_wt-d")
    migration.reseal(apps, type("Editor", (), {"connection": connection})())
    assert chain_verify().ok
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None and last.action == "audit.chain.keyed"
    assert last.detail == {"entries": 3, "unkeyed_chain_intact": False, "first_broken_seq": 2}


def test_verify_on_the_command_line_checks_a_given_head(tmp_path: Path) -> None:
    migrated(tmp_path)
    article3(tmp_path, "org", "create", "head-clinic")
    first = json.loads(article3(tmp_path, "verify", "--format", "json").stdout)["audit"]["head"]
    good = article3(tmp_path, "verify", "--head", f"{first['seq']}:{first['hash']}", "--format", "json")
    assert json.loads(good.stdout)["audit"]["ok"]
    wrong = article3(tmp_path, "verify", "--head", f"{first['seq'] + 5}:{first['hash']}", check=False)
    assert wrong.returncode == 1 and "before the recorded head" in wrong.stdout
    bad = article3(tmp_path, "verify", "--head", "nonsense", check=False)
    assert bad.returncode == 2 and "SEQ:HASH" in bad.stderr


def test_every_append_moves_the_signed_head() -> None:
    entry = audit_record(actor="test", action="test.thing.done")
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (entry.seq, entry.hash) and len(head.tag) == 64
