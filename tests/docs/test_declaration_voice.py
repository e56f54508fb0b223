"""Drafts never pick a side: the declaration stays in the first person (third-person text from the record is
rephrased only where safe, else quoted as a note), an event on which the sources conflict is marked
"[conflict: see chronology]" without adopting a version, and the fear section comes from the feared agents and
the risk facts, not from the lawyer's risk-profile notes."""

import pytest

from article3.cases import services as cases
from article3.cases.models import Case
from article3.chronology import services as chronology
from article3.claims import services as claims
from article3.docs.builders.declaration import clause, in_first_person
from article3.docs.services import document_generate
from tests.chronology.factories import document_for
from tests.docs.conftest import numbered, text_of

NAMES = ("Test Applicant", "Test")


@pytest.mark.parametrize(("record", "said"), [
    ("The applicant was held for five days.", "I was held for five days."),
    ("The applicant grew up in Douala and worked as a teacher.", "I grew up in Douala and worked as a teacher."),
    ("Police still ask where the applicant is.", "Police still ask where I am."),
    ("The applicant has scars on the back.", "I have scars on the back."),
    ("Gendarmes beat the applicant and took the applicant's phone.", "Gendarmes beat me and took my phone."),
])
def test_third_person_text_is_rephrased_where_it_is_safe(record: str, said: str) -> None:
    assert in_first_person(record, NAMES) == said


@pytest.mark.parametrize("record", [
    "He was beaten in custody.",  # whose "he"? a brother, a witness?
    "Her father was detained.",
    "The applicant fears the gendarmerie.",  # a present tense to reword by hand
    "Test Applicant was detained in 2019.",
])
def test_text_that_cannot_be_rephrased_safely_is_left_to_a_note(record: str) -> None:
    assert in_first_person(record, NAMES) is None


def test_titles_go_into_i_frames_only_when_they_start_with_what_was_done() -> None:
    assert clause("Gendarmes held the applicant for five days", concerns_applicant=True) == (
        "gendarmes held me for five days")
    assert clause("Arrest at the checkpoint", concerns_applicant=True) is None, "never 'I arrest at the checkpoint'"
    assert clause("He was arrested", concerns_applicant=True) is None
    assert clause("Escaped from the station", concerns_applicant=True) == "I escaped from the station"


@pytest.mark.django_db
def test_the_declaration_is_in_the_first_person_throughout(story: Case) -> None:
    claims.fact_add(actor="test", case=story, key="f-again", elements=["personal_risk"],
                    text="He was beaten again when he went back in 2022.")
    chronology.event_add(actor="test", case=story, key="e-camp", kind="detention", date="2020-09",
                         title="Detention camp at Mantoum", place="")
    text = text_of(document_generate(actor="test", case=story, kind="declaration"))
    assert "I grew up in Douala and worked as a teacher." in text
    assert "me grew up" not in text and "The applicant" not in text.replace("applicant's own words", "")
    assert "Police still ask Amara Okafor where I am." in text
    assert ("[From the case record, in the third person: “He was beaten again when he went back in 2022.” Put this "
            "in the applicant's own words with them]") in text
    assert "In September 2020: [From the case record, in the third person: “Detention camp at Mantoum”" in text
    assert "I He" not in text and "I detention camp" not in text.casefold()


@pytest.mark.django_db
def test_an_event_the_sources_disagree_on_is_marked_not_settled(story: Case) -> None:
    arrest = story.events.get(key="e-arrest")
    interview = document_for(story, key="d-interview", kind="other", title="Interview notes")
    chronology.account_add(actor="test", event=arrest, document=interview, page=2, date="2018-02-10",
                           place="Bamenda", quote="He said he was taken in 2018.")
    paragraphs = numbered(text_of(document_generate(actor="test", case=story, kind="declaration")))
    (marked,) = [p for p in paragraphs.values() if "[conflict: see chronology]" in p]
    assert marked == "[conflict: see chronology] I was arrested at the market."
    text = "\n".join(paragraphs.values())
    assert "They took me from the market" not in text, "neither source's version is adopted"
    assert "June 2020" not in marked and "2018" not in text and "Bamenda" not in text


@pytest.mark.django_db
def test_an_explained_conflict_is_no_longer_marked(story: Case) -> None:
    from article3.chronology.conflicts import conflicts
    from article3.chronology.selectors import chronology_snapshot

    arrest = story.events.get(key="e-arrest")
    interview = document_for(story, key="d-interview", kind="other", title="Interview notes")
    chronology.account_add(actor="test", event=arrest, document=interview, page=2, date="2018-02-10")
    [conflict] = [c for c in conflicts(chronology_snapshot(case=story)) if "e-arrest" in c.event_keys]
    chronology.conflict_note_set(actor="test", case=story, conflict_id=conflict.id, status="corrected",
                                 note="The interview notes misheard the year; corrected in ¶12.")
    text = text_of(document_generate(actor="test", case=story, kind="declaration"))
    assert "[conflict: see chronology]" not in text


@pytest.mark.django_db
def test_events_without_a_conflict_are_not_marked(story: Case) -> None:
    text = text_of(document_generate(actor="test", case=story, kind="declaration"))
    assert "[conflict: see chronology]" not in text


@pytest.mark.django_db
def test_the_fear_section_is_drafted_from_feared_agents_and_risk_facts(story: Case) -> None:
    cases.case_update(actor="test", case=story, expected_version=story.version, changes={
        "risk_profile": "Profile: SDF activist, brother in detention; high-risk returnee per counsel."})
    cases.feared_agent_add(actor="test", case=story, key="a-gendarmes", description="The gendarmerie in Douala",
                           official=True)
    cases.feared_agent_add(actor="test", case=story, key="a-militia", description="A militia allied to the mayor",
                           link_to_officials="The mayor pays the militia and the police look away.")
    text = text_of(document_generate(actor="test", case=story, kind="declaration"))
    fear = text[text.index("What I fear if I am returned to Cameroon"):]
    assert "I fear the gendarmerie in Douala. They act for the state." in fear
    assert "I fear a militia allied to the mayor. The mayor pays the militia and the police look away." in fear
    assert "Police still ask Amara Okafor where I am." in fear
    assert "SDF activist" not in text and "per counsel" not in text, "the risk profile is the lawyer's note"


@pytest.mark.django_db
def test_a_fear_section_with_nothing_to_draft_from_asks_for_it(case: Case) -> None:
    text = text_of(document_generate(actor="test", case=case, kind="declaration"))
    fear = text[text.index("What I fear if I am returned"):]
    assert "[In the applicant's words: who they fear on return" in fear
