"""Helpers for the generated-documents tests: open what was made, and a small case with a story."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx
from docx.document import Document as DocxDocument

from article3.bundles.models import BundleBuild
from article3.bundles.services import bundle_request, bundle_run
from article3.cases import services as cases
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.claims import services as claims
from article3.docs.models import GeneratedDocument
from article3.docs.render import docx_text
from article3.evidence.services import document_process
from article3.evidence.storage import vault
from tests.chronology.factories import document_for

REDACTED_NAME = "Amara Okafor"  # a sister, at risk, never to be named to the other side
LEFTOVER = re.compile(r"{{|{%|{#|%}|}}")


def docx_bytes(generated: GeneratedDocument) -> bytes:
    assert generated.status == "done", generated.error_message
    with vault().open(generated.docx_sha256) as handle:
        return handle.read()


def opened(generated: GeneratedDocument) -> DocxDocument:
    return open_docx(io.BytesIO(docx_bytes(generated)))


def text_of(generated: GeneratedDocument) -> str:
    return docx_text(docx_bytes(generated))


def numbered(text: str) -> dict[int, str]:
    """The declaration's numbered paragraphs: {number: text}."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"(\d+)\. (.*)", line)
        if match:
            found[int(match.group(1))] = match.group(2)
    return found


@pytest.fixture
def story(case: Case) -> Case:
    """The `case` fixture with events out of order, an undated one, quotes, remedies and a redacted sister."""
    applicant = case.applicant
    cases.applicant_update(actor="test", applicant=applicant, expected_version=applicant.version, changes={
        "birth_date": "1990-05-04", "nationality": "CM", "languages": ["fr"], "interpreter_language": "fr",
        "reads_english": False, "background": "The applicant grew up in Douala and worked as a teacher."})
    cases.person_add(actor="test", case=case, key="p-sister", role="family", name=REDACTED_NAME,
                     relation="sister", at_risk=True, redact=True)
    declaration = document_for(case, key="d-declaration", kind="declaration", title="Declaration")
    events = {}
    for key, kind, date, title, extra in [
        ("e-fled", "departure", "2021-01-10", "Left the country by bus", {}),
        ("e-arrest", "detention", "2020-06-01/2020-06-05", "Arrested at the market", {}),
        ("e-threat", "threat", "~2019-11", f"Threatened by police who named {REDACTED_NAME}", {}),
        ("e-sister", "threat", "2020-08", "Sister questioned about the applicant's whereabouts",
         {"concerns_applicant": False}),
        ("e-undated", "other", "", "Told by a neighbour that soldiers came looking", {}),
    ]:
        events[key] = chronology.event_add(actor="test", case=case, key=key, kind=kind, date=date, title=title,
                                           place="Douala", **extra)
    chronology.account_add(actor="test", event=events["e-arrest"], document=declaration, page=1, paragraph=3,
                           quote=f"They took me from the market and kept me five days. {REDACTED_NAME} saw it.")
    chronology.account_add(actor="test", event=events["e-threat"], document=declaration, page=1, paragraph=2)
    chronology.remedy_add(actor="test", case=case, key="r-police", date="2020-07", body="police",
                          outcome="refused", description="Complaint about the arrest",
                          consequence="Told to stop complaining")
    fact = claims.fact_add(actor="test", case=case, key="f-risk", elements=["personal_risk"],
                           text=f"Police still ask {REDACTED_NAME} where the applicant is.")
    claims.support_add(actor="test", fact=fact, kind="event", event=events["e-sister"])
    arrest = claims.fact_add(actor="test", case=case, key="f-arrest", elements=["past_torture"],
                             text="The applicant was held for five days.")
    claims.support_add(actor="test", fact=arrest, kind="document", document=declaration, pages="1")
    case.refresh_from_db()
    return case


@pytest.fixture
def built_demo(demo_case: Case) -> tuple[Case, BundleBuild]:
    """The demo case with its documents converted and a finished us-eoir bundle."""
    for document in demo_case.documents.all():
        document_process(document=document, ocr=False)
    build = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    assert build.status == "done", build.error_message
    return demo_case, build
