"""Issue 14 in the briefs: the UK skeleton argument lists only Article 3 ECHR elements, and no draft
prints a note that a text was not read."""

import pytest
from django.contrib.auth.models import User

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.cases.services import case_create
from article3.docs.services import document_generate
from article3.rulepacks._schema import says_not_read
from tests.docs.conftest import text_of

pytestmark = pytest.mark.django_db


def test_uk_skeleton_argument_lists_no_cat_article_1_elements(org_a: Organisation, alice: User) -> None:
    """H.L.R. v. France [GC] 1997, para. 40 (research notes, errata): intent, purpose, lawful sanctions and
    official involvement are not Article 3 ECHR elements; the skeleton argument listed them."""
    uk = case_create(actor=alice, organisation=org_a, reference="UK-1", forum="uk-ftt", country_of_return="CM",
                     applicant_name="Test Applicant", owner_id=alice.pk)
    text = text_of(document_generate(actor="test", case=uk, kind="brief"))
    assert "Appeal skeleton argument" in text
    for label in ("Intentional infliction", "Purpose", "Official involvement", "Not a lawful sanction",
                  "Custody or physical control"):
        assert f". {label}\n" not in text and f". {label}" not in text
    assert "1. Minimum level of severity" in text and "2. Real risk" in text
    assert "Saadi v. Italy [GC] 2008, para. 129" in text  # burden sharing, with its source


def test_us_brief_prints_no_note_that_a_text_was_not_read(story: Case) -> None:
    """Issue 14: the US brief printed "The exact wording of 1208.18(a)(7) was not read (unverified)" next
    to a citation shown as verified."""
    text = text_of(document_generate(actor="test", case=story, kind="brief"))
    assert "was not read" not in text and not says_not_read(text)
    assert "1208.18(a)(7)" in text  # the rule itself is still stated, with its source
    assert "8 CFR 1208.18(a)(1), (a)(7); Zheng v. Ashcroft (9th Cir.) (unverified)" in text
    assert "Maldonado v. Lynch, 786 F.3d 1155 (9th Cir. 2015) (en banc)" in text


@pytest.mark.parametrize(("kind", "state"), [("un_cat_communication", "CA"), ("rule39_request", "GB")])
def test_draft_citations_are_verified_only_when_read(story: Case, kind: str, state: str) -> None:
    """Issue 14: ""Verified" means read in a primary or official text." The interim-measures authorities
    rest on pack rules the research notes have second-hand (M), so the drafts say "(unverified)", and no
    internal confidence mark reaches the text sent to the Committee or the Court."""
    text = text_of(document_generate(actor="test", case=story, kind=kind, options={"state_party": state}))
    authorities = [line for line in text.splitlines() if line.startswith("Authority: ")]
    assert authorities and all(line.endswith("(unverified)") for line in authorities)
    assert "research notes" not in text and "confidence M" not in text


def test_a_draft_prints_a_citation_as_verified_only_if_it_was_read() -> None:
    from article3.docs.builders.brief import authority
    from article3.rulepacks import Source

    assert authority(Source("UN CAT Art. 22(5)(a)-(b)", "H", True)) == "UN CAT Art. 22(5)(a)-(b)"
    assert authority(Source("8 CFR 1208.16(c)(2)", "M", True)) == "8 CFR 1208.16(c)(2) (unverified)"
    assert authority(Source("Rule 47 (not read)", "H", True)) == "Rule 47 (not read) (unverified)"
