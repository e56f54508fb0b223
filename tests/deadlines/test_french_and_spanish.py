"""Case deadlines with the working of each date, and the calendar, in French and Spanish. The working is kept
in English on the record and as steps; the page words the steps in the reader's language, citing the rule as
written and naming holidays in that language where the holidays package has the name."""

import datetime
import json
from pathlib import Path

import polib
import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from article3.cases.models import Case
from article3.deadlines import explain
from article3.deadlines.engine import compute
from article3.deadlines.models import Deadline
from article3.deadlines.steps import Words, english, msgids
from article3.interchange.record import case_record
from article3.rulepacks import load_pack, pack_ids
from tests.conftest import client_speaking
from tests.deadlines import factories

CATALOGUES = Path(__file__).parents[2] / "article3" / "deadlines" / "locale"
WORDS = {
    "fr": {"heading": "<h1>Délais</h1>", "how": "Comment cette date a été calculée",
           "step": "30 jours calendaires après → mer. 2026-07-01",
           "rule": "Règle : BIA appeal (Form EOIR-26), 8 CFR 1003.38(b)", "verified": ">vérifié<",
           "month": "Délais : juillet 2026", "summary": "<summary>Comment</summary>", "add": "Calculer et ajouter"},
    "es": {"heading": "<h1>Plazos</h1>", "how": "Cómo se calculó esta fecha",
           "step": "30 días naturales después → mié 2026-07-01",
           "rule": "Norma: BIA appeal (Form EOIR-26), 8 CFR 1003.38(b)", "verified": ">verificado<",
           "month": "Plazos: julio de 2026", "summary": "<summary>Cómo</summary>", "add": "Calcular y añadir"},
}
ENGLISH = ["How this date was computed", "calendar days after", "Rule: ", "Open deadlines", "Compute and add",
           ">verified<", "Filing counts on receipt", "<summary>How</summary>", "Deadlines: July 2026"]


def _tab(client: object, case: Case) -> str:
    url = reverse("deadlines_case", kwargs={"case_id": case.public_id})
    return client.get(url).content.decode()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_case_deadlines_and_the_calendar_speak_the_members_language(alice: User, case: Case,
                                                                     language: str) -> None:
    factories.deadline_for(case)
    client, words = client_speaking(alice, language), WORDS[language]
    with time_machine.travel(datetime.datetime(2026, 6, 10, 12, tzinfo=datetime.UTC), tick=False):
        tab = _tab(client, case)
        month = client.get(reverse("deadlines_calendar"), {"month": "2026-07"}).content.decode()
    assert words["heading"] in tab and words["how"] in tab and words["step"] in tab and words["add"] in tab
    assert words["rule"] in tab and words["verified"] in tab
    assert words["month"] in month and words["summary"] in month and words["step"] in month
    for page in (tab, month):
        for english_words in ENGLISH:
            assert english_words not in page, english_words
    assert case.deadlines.get().trace[0].startswith("Rule: BIA appeal"), "the record stays in English"


@pytest.fixture
def canada_day(case: Case) -> Deadline:
    """A Federal Court leave deadline rolled over Canada Day: day 60 is Wed 2026-07-01, due Thu 2026-07-02,
    aim for Tue 2026-06-30 because the roll-over rule is unverified."""
    case.forum = "ca-irb"
    case.save(update_fields=["forum"])
    from article3.deadlines import services

    added = services.deadlines_compute_add(actor="test", case=case, trigger="decision_notified",
                                           date=datetime.date(2026, 5, 2))
    return next(d for d in added if d.rule == "fc_leave_outside_canada")


@pytest.mark.django_db
def test_the_working_in_french_names_the_holiday_in_french_and_keeps_the_rule_as_written(
        alice: User, case: Case, canada_day: Deadline) -> None:
    tab = _tab(client_speaking(alice, "fr"), case)
    assert "le mer. 2026-07-01 est Fête du Canada → jeu. 2026-07-02" in tab, "the package's French name"
    assert "Canada Day" not in tab
    rule = "Federal Court application for leave (matter arising outside Canada), IRPA s.72(2)(b)"
    assert f"Règle : {rule} (non vérifiée)" in tab, "the rule's label and citation as the pack writes them"
    with translation.override("fr"):
        lines = explain.working(canada_day)
    assert len(lines) == len(canada_day.trace) > 5
    assert [line for line in lines if line in canada_day.trace] == [], "no line left in English"
    assert "Interpretation Act s.26" in " ".join(lines), "the rule's own text stays as written"


@pytest.mark.django_db
def test_a_holiday_the_package_has_no_spanish_name_for_stays_in_english(
        alice: User, case: Case, canada_day: Deadline) -> None:
    tab = _tab(client_speaking(alice, "es"), case)
    assert "el mié 2026-07-01 es Canada Day → jue 2026-07-02" in tab
    assert "no verificada" in tab or "no verificado" in tab, "unverified is still said"


@pytest.mark.django_db
def test_why_earlier_is_worded_in_the_readers_language(alice: User, case: Case, canada_day: Deadline) -> None:
    assert canada_day.aim_reason.startswith("the rule that moves Wed 2026-07-01 to Thu 2026-07-02 is unverified")
    with translation.override("fr"):
        reason = explain.why_earlier(canada_day)
    assert "mer. 2026-07-01" in reason and "jeu. 2026-07-02" in reason and "unverified" not in reason
    assert reason in _tab(client_speaking(alice, "fr"), case)


@pytest.mark.django_db
def test_a_deadline_kept_before_the_steps_shows_its_english_lines_as_they_are(
        alice: User, case: Case, canada_day: Deadline) -> None:
    Deadline.objects.filter(pk=canada_day.pk).update(working={})
    tab = _tab(client_speaking(alice, "fr"), case)
    assert "Wed 2026-07-01 is Canada Day → Thu 2026-07-02" in tab
    assert canada_day.aim_reason in tab, "its reason too, in the English it was kept in"


@pytest.mark.django_db
def test_the_record_keeps_the_english_working_and_the_steps(case: Case, canada_day: Deadline) -> None:
    with translation.override("fr"):
        row = next(row for row in case_record(case)["deadlines"] if row["rule"] == canada_day.rule)
    assert row["trace"] == [english(step) for step in row["working"]["steps"]] == canada_day.trace
    assert "Wed 2026-07-01 is Canada Day → Thu 2026-07-02" in row["trace"]
    assert row["aim_reason"] == english(row["working"]["aim_reason"])
    rolled = next(step for step in row["working"]["steps"] if "chain" in step)
    assert rolled["chain"][0]["args"]["reason"] == {"holiday": "Canada Day", "calendar": "CA", "day": "2026-07-01"}


def _every_step() -> list[Words]:
    """The working of every rule of every pack, from triggers spread over a year (weekends, holidays, month ends),
    each distinct step once, with every reason to aim earlier."""
    found: dict[str, Words] = {}
    for forum in pack_ids():
        for trigger in load_pack(forum).triggers:
            for service in list(trigger.services) or [None]:
                for offset in range(0, 366, 11):
                    day = datetime.date(2025, 1, 31) + datetime.timedelta(days=offset)
                    try:
                        computed = compute(forum=forum, trigger=trigger.id, date=day, service=service)
                    except ValueError:
                        continue  # a date the pack does not cover
                    for deadline in computed:
                        steps = [*deadline.steps, *([deadline.aim_words] if deadline.aim_words else [])]
                        found.update((json.dumps(step, sort_keys=True), step) for step in steps)
    return list(found.values())


def test_every_step_the_engine_writes_is_worded_in_french_and_spanish() -> None:
    steps = _every_step()
    assert len(steps) > 100
    phrases = {msgid for step in steps for msgid in msgids(step)}
    with translation.override("en"):
        assert [step for step in steps if explain.say(step) != english(step)] == [], "English exactly as written"
    for language in ("fr", "es"):
        catalogue = polib.pofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.po"))
        assert phrases - {entry.msgid for entry in catalogue.translated_entries()} == set(), language
        with translation.override(language):
            same = [english(step) for step in steps if explain.say(step) == english(step)]
        assert same == [], (language, same[:5])
