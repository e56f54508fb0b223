"""Lossless packages: every field of every case model survives export and import into another organisation.

The fill is generated from the models: each concrete field gets a value other than its default (a few
take a value of a required shape). A field added to a case model is filled here and printed by
`case show`, so this test fails until the package format carries it.
"""

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import models

from article3.accounts.models import Organisation
from article3.cases.models import Applicant, Case, FearedAgent, Person, SafetyPlan
from article3.cases.services import case_create
from article3.chronology.models import Account, ConflictNote, DomesticRemedy, Event
from article3.claims.models import Fact, Support
from article3.coi.services import ReportMeta, citation_add, report_import
from article3.deadlines.models import Deadline, Decision, InterimRequest
from article3.evidence.models import CustodyEntry, Document, MedicalFinding
from article3.evidence.services import document_add
from article3.fieldcrypt import EncryptedJSONField
from article3.hearing.models import CrossAnswer, HearingNote, InterviewCare, LogisticsTick, OutlineItem, Witness
from article3.interchange.exporter import case_export
from article3.interchange.importer import case_import
from article3.interchange.record import NOT_CARRIED, SECTIONS, case_models, case_record
from article3.interchange.sections import COI_IDS
from article3.remedies.models import AdverseFinding, Removal
from tests.evidence import samples

# Fields that are this instance's own and do not travel: row identity, the optimistic-lock counter,
# the owning organisation, the user who ticked a deadline done (accounts are per organisation) and
# the worker holding a document while it is processed.
LOCAL = {"id", "public_id", "organisation", "version", "done_by", "processing_by"}
# Read from the file itself on import (same file, same values) or produced by converting it.
FROM_THE_FILE = {"original_sha256", "original_size", "original_type", "derived_sha256", "pages", "status",
                 "progress", "progress_words", "error_code", "error_message", "error_words", "flags", "warnings",
                 "warning_words"}
# Taken from the cited passage of the report (same report file, same passage).
FROM_THE_PASSAGE = {"passage", "report", "quote", "page", "paragraph", "heading"}

# Values of a required shape; every other field gets a generated value.
SHAPED: dict[str, dict[str, Any]] = {
    "Case": {"reference": "RT-1", "forum": "us-eoir", "country_of_return": "CM", "exhibit_order": ["d-one"]},
    "Applicant": {"birth_date": "2001-06", "nationality": "CM", "languages": ["fr", "en"],
                  "interpreter_language": "fr"},
    "Event": {"key": "e-one", "date": "2019-03", "actors": [{"name": "gendarmes", "official": True}]},
    "Account": {"date": "2019-03-14"},
    "DomesticRemedy": {"key": "r-one", "date": "2019-04-02"},
    "Document": {"date": "2026-10-01", "language": "fr"},
    "Fact": {"key": "f-one", "elements": ["past_torture"]},
    "Person": {"key": "p-one"},
    "FearedAgent": {"key": "a-one"},
    "Decision": {"key": "dec-one", "relief_granted": ["cat_deferral"], "relief_refused": ["asylum"],
                 "reasons": ["credibility"]},
    "Deadline": {"origin": "decision"},
    "CoiCitation": {"key": "coi-kept", "elements": ["country_conditions"]},
    "ConflictNote": {"conflict_id": "c-0123456789"},
    "Witness": {"checklist": ["statement", "prepared"]},
    "CrossAnswer": {"question_id": "c-9876543210", "finding": "date_conflict"},
    "Removal": {"removal_time": datetime.time(6, 30)},
    "AdverseFinding": {"element": "past_torture"},
}


def generated(model: type[models.Model], field: models.Field[Any, Any]) -> Any:
    """A value other than the field's default, by the field's type."""
    shaped = SHAPED.get(model.__name__, {})
    if field.name in shaped:
        return shaped[field.name]
    if isinstance(field, models.BooleanField):
        return not (field.null or field.default is True)
    if field.choices:
        return field.choices[-1][0]
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(2026, 3, 4)
    if isinstance(field, models.IntegerField):
        return 7
    if isinstance(field, models.JSONField | EncryptedJSONField):
        return {f"x-{field.name}": "kept"} if field.default is dict else [f"{field.name} kept"]
    text = f"{model.__name__} {field.name}: Ngozi's words, é"
    return text[: field.max_length] if field.max_length else text


def fill(row: models.Model, *, skip: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Write a generated value into every plain field of the row (in the database, past auto_now)."""
    values = {}
    for field in row._meta.concrete_fields:
        if field.is_relation or field.name in LOCAL | skip:
            continue
        values[field.name] = generated(type(row), field)
    type(row)._default_manager.filter(pk=row.pk).update(**values)
    row.refresh_from_db()


def filled_case(organisation: Organisation) -> Case:
    case = case_create(actor="test", organisation=organisation, reference="RT-1", forum="us-eoir",
                       country_of_return="CM", applicant_name="Ngozi Example")
    first = document_add(actor="test", case=case, stream=io.BytesIO(samples.text_pdf(["Arrested in 2019."])),
                         filename="first.pdf", kind="medical", key="d-one", process=False)
    second = document_add(actor="test", case=case, stream=io.BytesIO(b"Summons to the gendarmerie."),
                          filename="second.txt", kind="translation", key="d-two", process=False)
    for document in (first, second):
        fill(document, skip=FROM_THE_FILE | {"key"})
    Document.objects.filter(pk=second.pk).update(translates=first)
    fill(case, skip={"reference"})
    fill(Applicant.objects.get(case=case))
    fill(SafetyPlan.objects.get(case=case))
    for model in (Person, FearedAgent, DomesticRemedy, Decision):
        fill(model.objects.create(case=case, **_required(model)))
    DomesticRemedy.objects.get(case=case).evidence.set([first])
    event = Event.objects.create(case=case, key="e-one", kind="harm", title="t")
    fill(event)
    fill(Account.objects.create(event=event, document=first))
    fill(MedicalFinding.objects.create(document=first, finding="f", event=event))
    fill(CustodyEntry.objects.create(document=first, actor="a", action="metadata"))
    fact = Fact.objects.create(case=case, key="f-one", text="t")
    fill(fact)
    fill(Support.objects.create(fact=fact, kind="document", document=first), skip={"kind"})
    fill(Deadline.objects.create(case=case, rule="r", label="l", trigger="t", trigger_date=datetime.date(2026, 1, 1),
                                 decision=Decision.objects.get(case=case)))
    fill(InterimRequest.objects.create(case=case, kind="stay_of_removal"))
    fill(ConflictNote.objects.create(case=case, conflict_id="c-0123456789", status="explained", note="n"))
    fill(CrossAnswer.objects.create(case=case, question_id="c-9876543210", finding="date_conflict", answer="a"))
    fill(OutlineItem.objects.create(case=case, element="past_torture", title="t"))
    fill(HearingNote.objects.create(case=case, text="t"))
    fill(Witness.objects.create(case=case, person=case.people.get()))
    fill(LogisticsTick.objects.create(case=case, item="interpreter"))
    fill(InterviewCare.objects.create(case=case))
    fill(Removal.objects.create(case=case, removal_date=datetime.date(2026, 12, 20)))
    fill(AdverseFinding.objects.create(case=case, key="af-1", decision=first, category="credibility", finding="f"),
         skip={"key"})
    report = report_import(actor="test", organisation=organisation, filename="report.txt", data=(
        b"Detention\n\nGendarmes routinely beat detainees held at checkpoints.\n"), meta=ReportMeta(
        countries=["CM"], title="Country report", date=datetime.date(2024, 4, 1))).report
    citation = citation_add(actor="test", case=case, passage=report.passages.get(), elements=["country_conditions"])
    fill(citation, skip=FROM_THE_PASSAGE)
    fill(Support.objects.create(fact=fact, kind="coi_citation", coi_citation=citation), skip={"kind"})
    fill(Support.objects.create(fact=fact, kind="testimony"), skip={"kind"})
    case.refresh_from_db()
    return case


def _required(model: type[models.Model]) -> dict[str, Any]:
    return {"key": SHAPED[model.__name__]["key"], **({"date": datetime.date(2026, 1, 1)} if model is Decision else {})}


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what is this instance's own, and without this import's own custody entries."""
    record = json.loads(json.dumps(record))
    for section in ["case", *(s.name for s in SECTIONS)]:
        value = record[section]
        rows = value if isinstance(value, list) else [value] if value else []  # a single row may be absent
        for row in rows:
            for name in LOCAL:
                row.pop(name, None)
    record["case"]["extra"].pop(COI_IDS, None)  # which package id each report had: the export's bookkeeping
    record["custody"] = [c for c in record["custody"] if not c["note"].startswith("received in a case package")]
    return record


def test_every_case_model_is_carried_or_excused() -> None:
    carried = {"cases.Case", *(s.model._meta.label for s in SECTIONS)}
    assert set(case_models()) == carried | set(NOT_CARRIED), (
        "a model that belongs to a case must travel in the package or say why not (record.NOT_CARRIED)")


@pytest.mark.django_db
def test_every_field_of_every_case_model_round_trips(org_a: Organisation, org_b: Organisation,
                                                     tmp_path: Path) -> None:
    original = filled_case(org_a)
    before = case_record(original)
    for section in SECTIONS:
        assert before[section.name], f"the fill left {section.name} empty"
    for name, value in before["case"].items():
        assert value not in (None, "", [], {}), f"case.{name} was not filled"
    case_export(actor="test", case=original, out=tmp_path / "rt.zip")
    copy = case_import(actor="test", organisation=org_b, path=tmp_path / "rt.zip").case
    after = case_record(copy)
    assert after["case"]["organisation"] == "clinic-b"
    handed_over = [c for c in after["custody"] if c["note"].startswith("received in a case package")]
    assert len(handed_over) == 2, "each document's custody records the hand-over"
    expected, found = comparable(before), comparable(after)
    for section in ["case", *(s.name for s in SECTIONS)]:
        assert found[section] == expected[section], section


@pytest.mark.django_db
def test_case_show_prints_the_whole_record_decrypted(org_a: Organisation) -> None:
    from article3.audit.models import AuditEntry
    from article3.cli import cli
    from article3.interchange import commands  # noqa: F401  (registers the verb)

    original = filled_case(org_a)
    result = CliRunner().invoke(cli, ["case", "show", "RT-1", "--org", "clinic-a", "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown == json.loads(json.dumps(case_record(original)))
    assert shown["safety_plan"]["routines"] == "SafetyPlan routines: Ngozi's words, é"
    assert shown["events"][0]["concerns_applicant"] is False
    assert AuditEntry.objects.filter(action="interchange.case.shown", case_id=original.pk).exists()


def _processed(case: Case) -> None:
    from article3.evidence.services import document_process

    for document in case.documents.order_by("pk"):
        document_process(document=document)


@pytest.mark.django_db(transaction=True)
def test_the_demo_case_reimported_gives_the_same_case_check_report(demo_case: Case, org_b: Organisation,
                                                                    tmp_path: Path) -> None:
    from article3.claims.services import gap_report_check

    _processed(demo_case)
    case_export(actor="test", case=demo_case, out=tmp_path / "demo.zip")
    copy = case_import(actor="test", organisation=org_b, path=tmp_path / "demo.zip").case
    _processed(copy)
    original = gap_report_check(actor="test", case=demo_case).as_json()
    imported = gap_report_check(actor="test", case=copy).as_json()
    assert imported == original
    assert any(f["severity"] == "high" for f in original["findings"]), "the demo plants a contradiction"
    expected, found = comparable(case_record(demo_case)), comparable(case_record(copy))
    del expected["custody"], found["custody"]  # converting the copy's files adds its own entries
    assert found == expected
