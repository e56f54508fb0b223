import pytest
from django.test import Client

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.selfhelp.models import Interview
from article3.selfhelp.services import code_digest
from tests.selfhelp.conftest import start


@pytest.mark.django_db
def test_it_is_404_while_switched_off(org_a: Organisation) -> None:
    assert Client().get("/help/").status_code == 404


@pytest.mark.django_db
def test_it_starts_in_the_chosen_language_with_a_code_kept_only_as_a_hash(host: Organisation) -> None:
    client = Client()
    code = start(client, "es")
    interview = Interview.objects.get()
    assert interview.language == "es" and interview.case.organisation == host
    assert interview.code_digest == code_digest(code) and code not in interview.code_digest
    page = client.get("/help/q/name/")
    assert page.status_code == 200 and 'lang="es"' in page.content.decode()


@pytest.mark.django_db
def test_answers_go_into_the_intake_records(host: Organisation) -> None:
    client = Client()
    start(client, "fr")
    assert client.post("/help/q/name/", {"name": "Amina Example", "next": "1"}).status_code == 302
    client.post("/help/q/birth/", {"birth_date": "1990-04"})
    client.post("/help/q/country/", {"country_of_return": "CM"})
    client.post("/help/q/detained/", {"detained": "yes"})
    client.post("/help/q/history/", {"text": "I was a teacher in Bamenda."})
    client.post("/help/q/harms/", {"description": "Soldiers beat me at the camp.", "date": "2023-05",
                                   "place": "Bamenda", "who": "Soldiers", "another": "1"})
    client.post("/help/q/harms/", {"description": "They came back.", "date": "", "place": "", "who": ""})
    client.post("/help/q/agents/", {"description": "The army", "official": "yes", "link_to_officials": ""})
    client.post("/help/q/protection/", {"body": "police", "date": "2023-06", "description": "A complaint",
                                        "outcome": "retaliation", "consequence": "Arrested again."})
    client.post("/help/q/family/", {"name": "Sister Example", "relation": "sister", "notes": "Threatened."})
    client.post("/help/q/documents/", {"text": "Summons, with my mother."})
    case = Case.objects.get()
    assert case.applicant.name == "Amina Example" and case.applicant.birth_date == "1990-04"
    assert case.country_of_return == "CM" and case.detained
    assert case.applicant.background == "I was a teacher in Bamenda."
    assert [e.description for e in case.events.filter(kind="harm")] == ["Soldiers beat me at the camp.",
                                                                        "They came back."]
    assert case.feared_agents.get().official
    remedy = case.domestic_remedies.get()
    assert (remedy.body, remedy.outcome, remedy.consequence) == ("police", "retaliation", "Arrested again.")
    assert case.people.get().at_risk
    assert case.safety_plan.originals_location == "Summons, with my mother."


@pytest.mark.django_db
def test_a_bad_date_is_refused_in_plain_words(host: Organisation) -> None:
    client = Client()
    start(client, "en")
    response = client.post("/help/q/birth/", {"birth_date": "last spring"})
    assert response.status_code == 400 and "could not read this date" in response.content.decode()


@pytest.mark.django_db
def test_save_and_stop_then_resume_with_the_code(host: Organisation) -> None:
    client = Client()
    code = start(client, "es")
    client.post("/help/q/name/", {"name": "Amina"})
    response = client.post("/help/q/other-names/", {"other_names": "Ami", "stop": "1"})
    assert response.status_code == 200
    assert client.get("/help/q/name/").status_code == 302, "the browser forgot the interview"
    other = Client()
    response = other.post("/help/resume/", {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"].endswith("/help/q/birth/")
    assert "Amina" in other.get("/help/q/name/").content.decode()


@pytest.mark.django_db
def test_resume_attempts_are_throttled(host: Organisation) -> None:
    client = Client()
    for _ in range(5):
        assert client.post("/help/resume/", {"code": "AAAA-AAAA-AAAA-AAAA-AAAA"}).status_code == 200
    assert client.post("/help/resume/", {"code": "AAAA-AAAA-AAAA-AAAA-AAAA"}).status_code == 429
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")  # another device is not locked out by these mistakes
    assert elsewhere.post("/help/resume/", {"code": "AAAA-AAAA-AAAA-AAAA-AAAA"}).status_code == 200


@pytest.mark.django_db
def test_finish_and_clear_ends_the_session(host: Organisation) -> None:
    client = Client()
    start(client, "ar")
    response = client.post("/help/clear/")
    assert response.status_code == 200 and "cookies" in response["Clear-Site-Data"]
    assert client.get("/help/review/").status_code == 302


@pytest.mark.django_db
def test_each_repeated_answer_can_be_removed(host: Organisation) -> None:
    from article3.audit.models import AuditEntry
    from article3.selfhelp.steps import STEPS
    from tests.selfhelp.flow import ANSWERS

    client = Client()
    start(client, "en")
    given = dict(ANSWERS) | {"threats": {"description": "A call at night.", "date": "", "place": "", "who": ""}}
    for step in (s for s in STEPS if s.entries is not None):
        client.post(f"/help/q/{step.slug}/", given[step.slug])
        rows = step.entries(Case.objects.get())
        assert len(rows) == 1, step.slug
        client.post(f"/help/q/{step.slug}/", {"remove": str(rows[0].pk)})
        assert step.entries(Case.objects.get()) == [], step.slug
    assert AuditEntry.objects.filter(action__endswith=".deleted", actor__startswith="self-help:").count() == 5


@pytest.mark.django_db
def test_signed_in_people_do_not_reach_it(host: Organisation, alice: object) -> None:
    from tests.conftest import client_for

    assert client_for(alice).get("/help/").status_code == 404  # type: ignore[arg-type]


@pytest.mark.django_db
def test_an_interview_left_alone_ends_its_session(host: Organisation, settings: object) -> None:
    import datetime

    import time_machine

    settings.ARTICLE3_SELF_HELP_IDLE_SECONDS = 900  # type: ignore[attr-defined]
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 12, 6, 9, tzinfo=datetime.UTC)) as traveller:
        start(client, "es")
        traveller.shift(datetime.timedelta(minutes=14))
        assert client.get("/help/q/name/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=16))
        assert client.get("/help/q/name/").status_code == 302, "left alone too long: back to the start"
    assert Interview.objects.exists(), "the answers are kept for the code"
    assert "sessionid" not in client.cookies or not client.cookies["sessionid"]["max-age"], "a browser-session cookie"


def test_the_applicant_reads_plain_words_where_the_lawyer_reads_legal_ones() -> None:
    from django.utils import translation

    from article3.selfhelp.forms import BODIES

    with translation.override("fr"):
        bodies = {code: str(label) for code, label in BODIES}
        assert bodies["court"] == "Tribunal" and bodies["prosecutor"] == "Procureur"
        assert translation.gettext("Court") == "Juridiction", "the lawyer's pages keep the legal term"
