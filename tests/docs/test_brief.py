import pytest
from django.contrib.auth.models import User
from docx.enum.text import WD_COLOR_INDEX

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.claims import services as claims
from article3.docs.builders.cites import PENDING, parse_pages, ranges
from article3.docs.services import document_generate
from article3.rulepacks import load_pack
from tests.docs.conftest import LEFTOVER, opened, text_of

pytestmark = pytest.mark.django_db


def test_page_ranges() -> None:
    assert parse_pages("2-3, 7") == [2, 3, 7] and parse_pages("4–5") == [4, 5] and parse_pages("x") == []
    assert ranges([15, 14, 18, 19, 20]) == "14–15, 18–20"


def test_without_a_bundle_it_cites_document_pages_as_pending(story: Case) -> None:
    generated = document_generate(actor="test", case=story, kind="brief")
    text = text_of(generated)
    assert f"Declaration, p. 1 {PENDING}" in text  # the fact's document support
    assert any("No bundle has been built yet" in w for w in generated.warnings)
    assert "Pre-hearing brief" in text and not LEFTOVER.search(text)


def test_headings_per_element_the_standard_and_the_open_gaps_highlighted(story: Case) -> None:
    generated = document_generate(actor="test", case=story, kind="brief")
    pack = load_pack("us-eoir")
    text = text_of(generated)
    for number, element in enumerate((e for e in pack.elements if e.applicable), start=1):
        assert f"{number}. {element.label}" in text
    assert pack.standard.text in text and pack.standard.source.citation in text
    highlighted = [run.text for p in opened(generated).paragraphs for run in p.runs
                   if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert any(t.startswith("[Open gap (high)") for t in highlighted)
    assert any("Nothing in the case supports this element yet" in t for t in highlighted)


def test_country_information_is_quoted_under_its_element(story: Case) -> None:
    from tests.claims.factories import citation_for

    citation_for(story, elements=("country_conditions",))
    text = text_of(document_generate(actor="test", case=story, kind="brief"))
    section = text[text.index("Country conditions"):text.index("Credibility")]
    assert ("Country information, Rights Monitor, Country report (2026), p. 2, ¶ 3: "
            "“Torture in gendarmerie custody remained widespread.”") in section


@pytest.fixture
def uk_case(org_a: Organisation, alice: User) -> Case:
    case = case_create(actor=alice, organisation=org_a, reference="UK-2026-7", forum="uk-ftt", country_of_return="CM",
                       applicant_name="Test Appellant", owner_id=alice.pk)
    sentence = "The appellant was detained and questioned about the association at the gendarmerie in Bamenda. "
    for n in range(45):
        claims.fact_add(actor="test", case=case, key=f"f-{n}", elements=["personal_risk"], text=sentence * 8)
    return case


def test_a_uk_skeleton_argument_past_twelve_pages_is_warned_about(uk_case: Case) -> None:
    generated = document_generate(actor="test", case=uk_case, kind="brief", pdf=True)
    assert generated.pdf_sha256 and generated.pages and generated.pages > 12
    (warning,) = [w for w in generated.warnings if "skeleton argument" in w]
    assert f"runs to {generated.pages} pages; the limit is 12 pages (FtT (IAC) Practice Direction" in warning
    text = text_of(generated)
    assert "Appeal skeleton argument" in text and "(unverified)" in text  # the UK pack's unsourced elements


def test_without_libreoffice_the_pages_are_estimated(uk_case: Case) -> None:
    generated = document_generate(actor="test", case=uk_case, kind="brief", pdf=False)
    assert not generated.pdf_sha256
    assert any("(estimated, without LibreOffice)" in w for w in generated.warnings)
