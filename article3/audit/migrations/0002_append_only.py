"""Refuse UPDATE and DELETE on the audit log at the database level."""

import os

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
    "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();",
]


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The test suite empties tables between tests, which the guard would refuse; its own test
    # installs the guard explicitly.
    if os.environ.get("ARTICLE3_AUDIT_GUARD", "1") == "0":
        return
    guard(schema_editor)


def guard(schema_editor):  # type: ignore[no-untyped-def]
    guard_on(schema_editor.connection)


def guard_on(connection):  # type: ignore[no-untyped-def]
    statements = POSTGRES if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
