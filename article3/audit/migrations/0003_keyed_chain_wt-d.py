"""Key the audit chain: a signed head row, and every existing entry re-sealed with the keyed hash.

The older, unkeyed chain is checked first; whether it was intact (and where it first broke) is
written in a last entry, so re-sealing never hides a tampering that happened before it.
"""

from django.db import migrations, models

TRIGGERS_SQLITE = ("audit_no_update", "audit_no_delete")


def _guard_installed(connection) -> bool:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass "
                           "AND NOT tgisinternal")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s)",
                           list(TRIGGERS_SQLITE))
        return bool(cursor.fetchone()[0])


def _guard_off(connection) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        else:
            for name in TRIGGERS_SQLITE:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _guard_back(connection) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    else:
        import importlib

        importlib.import_module("article3.audit.migrations.0002_append_only").guard_on(connection)


def reseal(apps, schema_editor):  # type: ignore[no-untyped-def]
    from article3.audit import services

    entry_model = apps.get_model("audit", "AuditEntry")
    if not entry_model.objects.exists():
        return
    key = services.chain_key()
    connection = schema_editor.connection
    guarded = _guard_installed(connection)
    if guarded:
        _guard_off(connection)
    old_prev, new_prev, first_broken, count = services.GENESIS, services.GENESIS, None, 0
    for entry in entry_model.objects.order_by("seq").iterator(chunk_size=2000):
        fields = services.hashed_fields(entry)
        intact = entry.prev_hash == old_prev and entry.hash == services.unkeyed_entry_hash(
            prev_hash=entry.prev_hash, fields=fields)
        if not intact and first_broken is None:
            first_broken = entry.seq
        old_prev = entry.hash
        new_hash = services.entry_hash(prev_hash=new_prev, fields=fields, key=key)
        entry_model.objects.filter(pk=entry.pk).update(prev_hash=new_prev, hash=new_hash)
        new_prev, count = new_hash, count + 1
    last = entry_model.objects.order_by("-seq").first()
    services.head_write(seq=last.seq, digest=last.hash, key=key)
    if guarded:
        _guard_back(connection)
    services.audit_record(actor="system", action="audit.chain.keyed", detail={
        "entries": count, "unkeyed_chain_intact": first_broken is None, "first_broken_seq": first_broken})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
                ("tag", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]
