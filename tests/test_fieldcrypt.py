"""Field-level encryption: what reaches the database, what comes back, and what is refused."""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from article3 import fieldcrypt
from article3.cases.models import Applicant, Case, Person
from article3.cases.services import person_add
from article3.chronology.models import Event
from article3.evidence.models import Document
from article3.fieldcrypt import EncryptedLookupError, FieldDecryptionError
from tests.chronology.factories import document_for, event_for

NAME = "Ngozi Abena Tabe"


def _raw(model: Any, column: str, pk: int) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{model._meta.db_table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _set_raw(model: Any, column: str, pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{model._meta.db_table}" SET "{column}" = %s WHERE id = %s', [value, pk])  # noqa: S608


@pytest.fixture
def applicant(case: Case) -> Applicant:
    Applicant.objects.filter(case=case).update(name=NAME, other_names=["Jo Tabe", "Abena N."],
                                               background="Arrested at the market in Bamenda.")
    return Applicant.objects.get(case=case)


@pytest.mark.django_db
def test_it_round_trips_and_the_row_holds_only_ciphertext(applicant: Applicant) -> None:
    fresh = Applicant.objects.get(pk=applicant.pk)
    assert (fresh.name, fresh.other_names) == (NAME, ["Jo Tabe", "Abena N."])
    assert fresh.background == "Arrested at the market in Bamenda."
    for column, plain in (("name", "Tabe"), ("other_names", "Jo Tabe"), ("background", "Bamenda")):
        stored = _raw(Applicant, column, applicant.pk)
        assert stored.startswith("a3e1:") and plain not in stored


@pytest.mark.django_db
def test_two_writes_of_the_same_text_differ(applicant: Applicant) -> None:
    first = _raw(Applicant, "name", applicant.pk)
    Applicant.objects.filter(pk=applicant.pk).update(name=NAME)
    assert _raw(Applicant, "name", applicant.pk) != first, "a fresh nonce per write: equal names do not show"


@pytest.mark.django_db
def test_values_list_and_save_decrypt_and_encrypt(case: Case) -> None:
    document = document_for(case, title="Summons to the gendarmerie")
    assert list(case.documents.values_list("title", flat=True)) == ["Summons to the gendarmerie"]
    document.title = "Summons, second copy"
    document.save()
    assert Document.objects.get(pk=document.pk).title == "Summons, second copy"
    assert "Summons" not in _raw(Document, "title", document.pk)


@pytest.mark.django_db
def test_empty_stays_empty_and_can_be_filtered(case: Case) -> None:
    document = document_for(case, title="")
    assert _raw(Document, "title", document.pk) == ""
    assert list(case.documents.filter(title="")) == [document]
    assert not case.documents.exclude(title="").exists()
    assert not case.documents.filter(title__isnull=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("lookup", [{"name": NAME}, {"name__icontains": "tabe"}, {"name__in": [NAME]},
                                    {"name__startswith": "N"}, {"name__lower": "x"}])
def test_content_lookups_are_refused_by_name(applicant: Applicant, lookup: dict[str, Any]) -> None:
    with pytest.raises(EncryptedLookupError, match=r"cases\.applicant\.name is encrypted"):
        list(Applicant.objects.filter(**lookup))


@pytest.mark.django_db
def test_a_lookup_across_a_relation_is_refused_too(applicant: Applicant) -> None:
    with pytest.raises(EncryptedLookupError, match=r"cases\.applicant\.name"):
        Case.objects.filter(**{"applicant__name__icontains": "tabe"}).exists()


@pytest.mark.django_db
def test_rows_written_before_encryption_still_read(applicant: Applicant) -> None:
    _set_raw(Applicant, "name", applicant.pk, "Written before the migration")
    assert Applicant.objects.get(pk=applicant.pk).name == "Written before the migration"


@pytest.mark.django_db
def test_a_ciphertext_moved_to_another_field_does_not_decrypt(applicant: Applicant, case: Case) -> None:
    person = person_add(actor="test", case=case, role="family", name="Someone else", relation="brother")
    _set_raw(Person, "name", person.pk, _raw(Applicant, "name", applicant.pk))
    with pytest.raises(FieldDecryptionError, match=r"cases\.person\.name") as caught:
        Person.objects.get(pk=person.pk)
    assert NAME not in str(caught.value) and "Tabe" not in str(caught.value)


@pytest.fixture
def other_key(tmp_path: Path) -> Iterator[None]:
    key = tmp_path / "other.key"
    key.write_bytes(secrets.token_bytes(32))
    key.chmod(0o600)
    os.environ["ARTICLE3_KEY_FILE"] = str(key)
    fieldcrypt.forget_key()
    yield
    del os.environ["ARTICLE3_KEY_FILE"]
    fieldcrypt.forget_key()


@pytest.mark.django_db
def test_the_wrong_instance_key_gives_a_clear_error(applicant: Applicant, other_key: None) -> None:
    with pytest.raises(FieldDecryptionError, match=r"cases\.applicant\.name .*other\.key") as caught:
        Applicant.objects.get(pk=applicant.pk)
    assert "Tabe" not in str(caught.value) and "a3e1:" not in str(caught.value)


@pytest.mark.django_db
def test_max_length_still_limits_the_text(case: Case) -> None:
    assert Person._meta.get_field("name").formfield().max_length == 200  # type: ignore[union-attr]
    person = person_add(actor="test", case=case, role="family", name="x", relation="")
    person.name = "x" * 201
    with pytest.raises(ValidationError, match="at most 200"):
        person.full_clean()


@pytest.mark.django_db
def test_json_round_trip_keeps_structure(case: Case) -> None:
    event = event_for(case, actors=[{"name": "Captain Mbarga", "official": True}])
    assert Event.objects.get(pk=event.pk).actors == [{"name": "Captain Mbarga", "official": True}]
    assert "Mbarga" not in _raw(Event, "actors", event.pk)


class _Editor:
    def __init__(self) -> None:
        self.connection = connection


@pytest.mark.django_db
def test_the_migration_step_encrypts_old_rows_and_its_reverse_decrypts(applicant: Applicant) -> None:
    _set_raw(Applicant, "name", applicant.pk, NAME)
    _set_raw(Applicant, "other_names", applicant.pk, '["Jo Tabe"]')
    step = fieldcrypt.encrypt_rows("cases", {"applicant": ["name", "other_names"]})
    step.code(apps, _Editor())  # type: ignore[arg-type]
    assert _raw(Applicant, "name", applicant.pk).startswith("a3e1:")
    assert "Tabe" not in _raw(Applicant, "other_names", applicant.pk)
    assert Applicant.objects.get(pk=applicant.pk).other_names == ["Jo Tabe"]
    assert step.reverse_code is not None
    step.reverse_code(apps, _Editor())  # type: ignore[arg-type]
    assert (_raw(Applicant, "name", applicant.pk), _raw(Applicant, "other_names", applicant.pk)) == (
        NAME, '["Jo Tabe"]')
