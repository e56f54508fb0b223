"""What a visitor types into the interview is stored, and stored encrypted.

The storage-leak crawl (tests/security) posts forms as a case's attorney; the interview's forms are a
visitor's without an account, so they are seeded here: a canary in every free-text field of every
question, each read back through the records (nothing typed was dropped), then every row of every
table read raw, as the database holds it, and no canary found.
"""

import pytest
from django import forms as django_forms
from django.db import connection
from django.test import Client

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.interchange.record import case_record
from article3.selfhelp.steps import STEPS
from tests.security.canaries import Canaries
from tests.selfhelp.conftest import start

CODE_FIELDS = {"birth_date", "date"}  # validated to a fuzzy date: typed words are refused


def posted(form: type[django_forms.Form], slug: str, canaries: Canaries) -> dict[str, str]:
    data = {}
    for name, field in form().fields.items():
        if isinstance(field, django_forms.ChoiceField):
            data[name] = next(str(value) for value, _label in list(field.choices) if value)  # type: ignore[arg-type]
        elif name in CODE_FIELDS:
            data[name] = "2020-01"
        else:
            data[name] = canaries.new(f"self-help {slug}.{name}")
    return data


def raw_rows() -> str:
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the schema)
            found.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(found)


@pytest.mark.django_db
def test_every_free_text_answer_is_stored_and_encrypted(host: Organisation) -> None:
    canaries = Canaries()
    client = Client()
    start(client, "es")
    for step in STEPS:
        response = client.post(f"/help/q/{step.slug}/", posted(step.form, step.slug, canaries))
        assert response.status_code == 302, step.slug
    record = repr(case_record(Case.objects.get()))
    assert canaries.found_in(record) == set(canaries.where), "every answer is in the case's records"
    rows = raw_rows()
    assert Case.objects.get().reference in rows, "the control: the scan reads the rows (the reference is plain)"
    assert canaries.found_in(rows) == set(), "no answer is stored in plain text"
