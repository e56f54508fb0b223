"""Parts of case pages drawn once per state of the case (`{% kept %}`), and choice labels read from a
table made once per catalogue (article3/choices.py): both give what rendering afresh gives."""

import re
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Field
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from article3 import snapshots
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.chronology.models import Event
from article3.chronology.selectors import chronology_snapshot
from article3.claims import services as claims
from tests.chronology.factories import document_for
from tests.conftest import client_speaking
from tests.scale import Size, seed

SMALL = Size(documents=2, pages=1, events=3, facts=2, conflicts=1, citations=2)


@pytest.fixture(autouse=True)
def _empty_memo() -> None:
    snapshots.memo().clear()


def _chronology(client: Client, case: Case, query: str = "") -> str:
    response = client.get(reverse("case_chronology", kwargs={"case_id": case.public_id}) + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_chronology_table_is_drawn_once_and_again_after_a_write(case: Case, alice: User) -> None:
    seed(case, SMALL)
    client = Client()
    client.force_login(alice)
    first = _chronology(client, case)
    kept = chronology_snapshot(case=case).derived
    assert {"html:events", "html:conflicts"} <= set(kept)
    kept["html:events"] = '<p id="from-memory"></p>'  # what a later request shows comes from here
    assert '<p id="from-memory"></p>' in _chronology(client, case)
    chronology.event_add(actor=alice, case=case, title="Taken to the gendarmerie", kind="detention",
                         date="2018-05-02")
    after = _chronology(client, case)
    assert "from-memory" not in after and "Taken to the gendarmerie" in after
    assert first.count("<tr") + 1 == after.count("<tr")


@pytest.mark.django_db
def test_a_filtered_chronology_is_drawn_afresh(case: Case, alice: User) -> None:
    seed(case, SMALL)
    client = Client()
    client.force_login(alice)
    _chronology(client, case)
    chronology_snapshot(case=case).derived["html:events"] = '<p id="from-memory"></p>'
    filtered = _chronology(client, case, "?kind=detention")
    assert "from-memory" not in filtered


@pytest.mark.django_db
def test_the_kept_table_is_in_the_readers_language(case: Case, alice: User) -> None:
    chronology.event_add(actor=alice, case=case, title="Held at the station", kind="detention", date="2019-03-14")
    english = Client()
    english.force_login(alice)
    assert "<td>Detention</td>" in _chronology(english, case)
    french = _chronology(client_speaking(alice, "fr"), case)
    assert "<td>Détention</td>" in french and "<td>Detention</td>" not in french


@pytest.mark.django_db
def test_the_kept_exhibit_list_follows_the_order_and_the_readers_rights(case: Case, alice: User, bob: User) -> None:
    for key, title in (("d-first", "Medical report"), ("d-second", "Declaration of the applicant")):
        document_for(case, key, title=title)
    url = reverse("bundles", kwargs={"case_id": case.public_id})
    editor = Client()
    editor.force_login(alice)
    page = editor.get(url).content.decode()
    assert page.index("Medical report") < page.index("Declaration of the applicant") and 'name="down"' in page
    reader = Client()
    reader.force_login(bob)  # a viewer: the same list, without the buttons that move a row
    seen = reader.get(url).content.decode()
    assert "Medical report" in seen and 'name="down"' not in seen and 'name="up"' not in seen
    assert editor.post(reverse("bundles_reorder", kwargs={"case_id": case.public_id}),
                       {"order": ["d-first", "d-second"], "down": "d-first"}).status_code == 302
    moved = reader.get(url).content.decode()
    assert moved.index("Declaration of the applicant") < moved.index("Medical report")


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


KEPT_PAGES = ["case_gaps", "case_elements", "bundles", "case_chronology", "case_questions", "case_intake",
              "case_chronology_extract", "case_detail", "evidence"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", KEPT_PAGES)
def test_a_kept_page_after_a_write_is_the_page_drawn_afresh(case: Case, alice: User, page: str) -> None:
    seed(case, SMALL)
    client = Client()
    client.force_login(alice)
    url = reverse(page, kwargs={"case_id": case.public_id})
    before = client.get(url).content.decode()
    claims.fact_add(actor=alice, case=case, text="He was burned with cigarettes.", elements=["past_torture"])
    document_for(case, "d-new-report", title="Report of the forensic examination", kind="medical")
    chronology.event_add(actor=alice, case=case, title="Taken to the gendarmerie", kind="detention",
                         date="2018-05-02")
    kept = _without_tokens(client.get(url).content.decode())
    snapshots.memo().clear()
    afresh = _without_tokens(client.get(url).content.decode())
    assert kept == afresh and kept != _without_tokens(before)


def test_without_a_snapshot_the_part_is_drawn_as_usual() -> None:
    template = Template('{% load kept %}{% kept keep "part" %}{{ word }}{% endkept %}')
    assert template.render(Context({"keep": None, "word": "<b>"})) == "&lt;b&gt;"


def _choice_fields() -> list[tuple[Any, Field]]:
    return [(model, field) for model in apps.get_models() for field in model._meta.get_fields()
            if isinstance(field, Field) and field.choices is not None]


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_choice_labels_are_djangos_in_every_language(language: str) -> None:
    fields = _choice_fields()
    assert len(fields) > 20
    with translation.override(language):
        for model, field in fields:
            instance = model()
            for value in [value for value, _ in field.flatchoices] + ["not-a-choice"]:
                setattr(instance, field.attname, value)
                shown = getattr(instance, f"get_{field.name}_display")()
                assert shown == model._get_FIELD_display(instance, field), (model.__name__, field.name, value)


def test_a_label_follows_the_language_of_each_call() -> None:
    event = Event(kind="detention")
    with translation.override("fr"):
        assert event.get_kind_display() == "Détention"
    with translation.override("es"):
        assert event.get_kind_display() == "Detención"
    assert event.get_kind_display() == "Detention"
