import pytest

from article3.audit.models import AuditEntry
from article3.cases import services as cases
from article3.cases.models import Case
from article3.chronology.dates import FuzzyDate
from article3.chronology.models import Account
from article3.docs.builders.declaration import clause
from article3.docs.models import DeclarationParagraph
from article3.docs.services import declaration_link, declaration_renumber, document_generate
from article3.errors import DomainError
from tests.docs.conftest import LEFTOVER, REDACTED_NAME, numbered, text_of

pytestmark = pytest.mark.django_db


def _sort(case: Case) -> list[str]:
    """Event keys as the declaration must order them: by FuzzyDate.sort_key, undated last."""
    dated = [e for e in case.events.all() if e.date]
    undated = [e.key for e in case.events.order_by("pk") if not e.date]
    return [e.key for e in sorted(dated, key=lambda e: FuzzyDate.parse(e.date).sort_key)] + undated


def test_it_tells_every_event_once_in_date_order(story: Case) -> None:
    generated = document_generate(actor="test", case=story, kind="declaration")
    paragraphs = numbered(text_of(generated))
    mapped = list(DeclarationParagraph.objects.filter(generated=generated, event__isnull=False))
    assert [row.event.key for row in mapped] == _sort(story)  # type: ignore[union-attr]
    assert len({row.event_id for row in mapped}) == story.events.count()
    numbers = [row.number for row in mapped]
    assert numbers == sorted(numbers)
    assert "I was arrested at the market" not in paragraphs[numbers[1]]  # the applicant's own words instead
    assert paragraphs[numbers[1]].startswith("They took me from the market and kept me five days.")
    assert "I was threatened by police" in paragraphs[numbers[0]]
    assert "my sister was questioned about my whereabouts" in paragraphs[numbers[2]]
    assert paragraphs[numbers[-1]].startswith("In Douala, I was told by a neighbour")  # undated: no date phrase, last
    assert list(paragraphs) == list(range(1, len(paragraphs) + 1))  # numbered 1, 2, 3... without gaps


def test_it_has_the_sections_and_the_remedy(story: Case) -> None:
    text = text_of(document_generate(actor="test", case=story, kind="declaration"))
    for heading in ("About me", "What was done to me", "Threats against me and my family",
                    "Seeking protection at home, and what followed", "Leaving Cameroon",
                    "Why I cannot live safely elsewhere in Cameroon", "What I fear if I am returned to Cameroon"):
        assert heading in text
    assert "In July 2020, I went to the police: complaint about the arrest. They refused to help me." in text
    assert "I was born on 4 May 1990." in text and "I am a national of Cameroon." in text
    assert "Police still ask" in text  # a fact linked to personal_risk
    assert not LEFTOVER.search(text)


def test_it_is_the_applicants_own_so_names_stay(story: Case) -> None:
    assert REDACTED_NAME in text_of(document_generate(actor="test", case=story, kind="declaration"))


def test_a_certificate_of_interpretation_follows_when_the_applicant_does_not_read_english(story: Case) -> None:
    text = text_of(document_generate(actor="test", case=story, kind="declaration"))
    assert "Certificate of interpretation" in text
    assert "competent to interpret between English and French" in text
    applicant = story.applicant
    cases.applicant_update(actor="test", applicant=applicant, expected_version=applicant.version,
                           changes={"reads_english": True})
    assert "Certificate of interpretation" not in text_of(document_generate(actor="test", case=story,
                                                                            kind="declaration"))


def test_first_person_clauses() -> None:
    assert clause("Arrested at a checkpoint", concerns_applicant=True) == "I was arrested at a checkpoint"
    assert clause("Left the country through Nigeria", concerns_applicant=True) == "I left the country through Nigeria"
    assert (clause("Brother questioned about the applicant's whereabouts", concerns_applicant=False)
            == "my brother was questioned about my whereabouts")
    assert clause("UN report published", concerns_applicant=False) == "UN report published"


def test_renumbering_updates_the_map_and_the_accounts_citing_the_declaration(story: Case) -> None:
    generated = document_generate(actor="test", case=story, kind="declaration")
    arrest = story.events.get(key="e-arrest")
    threat = story.events.get(key="e-threat")
    old_arrest = DeclarationParagraph.objects.get(generated=generated, event=arrest).number
    old_threat = DeclarationParagraph.objects.get(generated=generated, event=threat).number
    # The accounts cite the declaration's paragraphs 3 and 2; the lawyer swaps and shifts them.
    changed = declaration_renumber(actor="test", generated=generated,
                                   mapping={old_arrest: old_threat, old_threat: old_arrest, 3: 30, 2: 20})
    assert DeclarationParagraph.objects.get(generated=generated, event=arrest).number == old_threat
    assert DeclarationParagraph.objects.get(generated=generated, event=threat).number == old_arrest
    assert changed == 2
    cited = Account.objects.filter(event__case=story, document__key="d-declaration").values_list("paragraph", flat=True)
    assert sorted(p or 0 for p in cited) == [20, 30]
    entry = AuditEntry.objects.filter(action="docs.declaration.renumbered").get()
    assert entry.detail == {"paragraphs": 4, "accounts": 2}


def test_renumbering_only_a_declaration(story: Case) -> None:
    brief = document_generate(actor="test", case=story, kind="brief")
    with pytest.raises(DomainError):
        declaration_renumber(actor="test", generated=brief, mapping={1: 2})


def test_linking_the_signed_declaration_cites_each_event_by_paragraph(story: Case) -> None:
    generated = document_generate(actor="test", case=story, kind="declaration")
    signed = story.documents.get(key="d-declaration")
    created = declaration_link(actor="test", generated=generated, document=signed)
    assert created == story.events.count() - 2  # e-arrest and e-threat already cite it
    fled = story.events.get(key="e-fled")
    number = DeclarationParagraph.objects.get(generated=generated, event=fled).number
    assert fled.accounts.get(document=signed).paragraph == number
    declaration_renumber(actor="test", generated=generated, mapping={number: number + 100})
    assert fled.accounts.get(document=signed).paragraph == number + 100
