"""The audit chain catches every kind of tampering, at the first broken entry."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from article3.audit.models import AuditEntry
from article3.audit.services import audit_record, chain_head, chain_verify, head_write


def _fill(n: int = 6) -> None:
    for i in range(n):
        audit_record(actor="test", action="test.thing.done", object_key=str(i), detail={"n": i})


def _raw(sql: str, params: list[object]) -> None:
    """Tamper as someone with direct database access would: with the guard triggers off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
            cursor.execute(sql, params)


@pytest.mark.django_db
def test_a_clean_chain_verifies() -> None:
    _fill()
    report = chain_verify(anchor=chain_head())
    assert report.ok and report.entries == 6 and report.head_seq == 6


@pytest.mark.django_db
def test_a_page_walks_only_the_entries_after_its_last_whole_walk_until_it_is_due_again() -> None:
    """The audit pages (`full_every`) do not read the whole log of every case on every view: an edit of
    an entry already walked waits for the next whole walk, and the report says when that one was."""
    _fill()
    whole = chain_verify(full_every=600)
    assert whole.ok and whole.entries == 6
    _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["test.thing.undone", 3])
    _fill(2)
    quick = chain_verify(full_every=600)
    assert quick.ok and quick.entries == 8 and quick.walked_in_full == whole.walked_in_full
    assert chain_verify().first_broken_seq == 3, "the command line walks it all"
    assert chain_verify(full_every=0).first_broken_seq == 3, "and so does a page once a whole walk is due"


@pytest.mark.django_db
def test_a_page_walks_the_whole_log_again_when_its_last_walk_ended_on_a_changed_entry() -> None:
    _fill()
    assert chain_verify(full_every=600).ok
    _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["test.thing.undone", 2])
    _raw("UPDATE audit_auditentry SET hash = %s WHERE seq = %s", ["f" * 64, 6])
    assert chain_verify(full_every=600).first_broken_seq == 2


@pytest.mark.django_db
def test_edit_is_caught_at_the_edited_entry() -> None:
    _fill()
    _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["test.thing.undone", 3])
    report = chain_verify()
    assert not report.ok and report.first_broken_seq == 3 and "altered" in report.problem


@pytest.mark.django_db
def test_delete_is_caught() -> None:
    _fill()
    _raw("DELETE FROM audit_auditentry WHERE seq = %s", [4])
    report = chain_verify()
    assert not report.ok and report.first_broken_seq == 5 and "missing" in report.problem


@pytest.mark.django_db
def test_reorder_is_caught() -> None:
    _fill()
    _raw("UPDATE audit_auditentry SET seq = -1 WHERE seq = %s", [2])
    _raw("UPDATE audit_auditentry SET seq = 2 WHERE seq = %s", [3])
    _raw("UPDATE audit_auditentry SET seq = 3 WHERE seq = %s", [-1])
    report = chain_verify()
    assert not report.ok and report.first_broken_seq == 2


@pytest.mark.django_db
def test_insert_is_caught() -> None:
    _fill()
    forged = AuditEntry.objects.get(seq=6)
    _raw("UPDATE audit_auditentry SET seq = 7 WHERE seq = %s", [6])
    AuditEntry.objects.create(seq=6, at=forged.at, actor="user:1", action="forged", prev_hash=forged.prev_hash,
                              hash="f" * 64)
    report = chain_verify()
    assert not report.ok and report.first_broken_seq == 6


@pytest.mark.django_db
def test_truncation_is_caught_against_the_anchor() -> None:
    _fill()
    anchor = chain_head()
    _raw("DELETE FROM audit_auditentry WHERE seq >= %s", [5])
    # The database as an older copy had it: the signed head of that time came back with it.
    head_write(seq=4, digest=AuditEntry.objects.get(seq=4).hash)
    assert chain_verify().ok, "without an anchor a database rolled back as a whole looks whole"
    report = chain_verify(anchor=anchor)
    assert not report.ok and "before the recorded head" in report.problem


@pytest.mark.django_db
def test_the_database_refuses_updates_and_deletes() -> None:
    import importlib

    migration = importlib.import_module("article3.audit.migrations.0002_append_only")
    migration.guard_on(connection)  # rolled back with the test's transaction
    _fill(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(action="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).delete()
    assert AuditEntry.objects.get(seq=1).action == "test.thing.done"


@pytest.mark.django_db
def test_entries_hold_no_names() -> None:
    from article3.accounts.services import organisation_create, user_create
    from article3.cases.services import case_create, person_add

    org = organisation_create(actor="test", slug="canary-org")
    user = user_create(actor="test", organisation=org, email="canary-mail@example.org", role="attorney",
                       password="a long enough password 1")
    case = case_create(actor=user, organisation=org, reference="R-1", forum="generic",
                       country_of_return="ER", applicant_name="Canaryname Applicant")
    person_add(actor=user, case=case, role="family", name="Canaryname Sister", relation="sister")
    text = " ".join(str(e.__dict__) for e in AuditEntry.objects.all())
    assert "Canaryname" not in text and "canary-mail" not in text
