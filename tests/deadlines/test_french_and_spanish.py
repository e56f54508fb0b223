"""Case deadlines with the working of each date, and the calendar, in French and Spanish. The working is kept
in English on the record; the page says it again in the reader's language, citing the rule as written."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from article3.cases.models import Case
from article3.deadlines.engine import compute
from article3.deadlines.explain import explain
from article3.rulepacks import load_pack, pack_ids
from tests.conftest import client_speaking
from tests.deadlines import factories

WORDS = {
    "fr": {"heading": "<h1>Délais</h1>", "how": "Comment cette date a été calculée",
           "step": "30 jours calendaires après → mer. 2026-07-01",
           "rule": "Règle : BIA appeal (Form EOIR-26), 8 CFR 1003.38(b)", "verified": ">vérifié<",
           "month": "Délais : juillet 2026", "summary": "<summary>Comment</summary>", "add": "Calculer et ajouter"},
    "es": {"heading": "<h1>Plazos</h1>", "how": "Cómo se calculó esta fecha",
           "step": "30 días naturales después → mié 2026-07-01",
           "rule": "Norma: BIA appeal (Form EOIR-26), 8 CFR 1003.38(b)", "verified": ">verificado<",
           "month": "Plazos: julio 2026", "summary": "<summary>Cómo</summary>", "add": "Calcular y añadir"},
}
ENGLISH = ["How this date was computed", "calendar days after", "Rule: ", "Open deadlines", "Compute and add",
           ">verified<", "Filing counts on receipt", "<summary>How</summary>", "Deadlines: July 2026"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_case_deadlines_and_the_calendar_speak_the_members_language(alice: User, case: Case,
                                                                     language: str) -> None:
    factories.deadline_for(case)
    client, words = client_speaking(alice, language), WORDS[language]
    with time_machine.travel(datetime.datetime(2026, 6, 10, 12, tzinfo=datetime.UTC), tick=False):
        tab = client.get(reverse("deadlines_case", kwargs={"case_id": case.public_id})).content.decode()
        month = client.get(reverse("deadlines_calendar"), {"month": "2026-07"}).content.decode()
    assert words["heading"] in tab and words["how"] in tab and words["step"] in tab and words["add"] in tab
    assert words["rule"] in tab and words["verified"] in tab
    assert words["month"] in month and words["summary"] in month and words["step"] in month
    for page in (tab, month):
        for english in ENGLISH:
            assert english not in page, english
    assert case.deadlines.get().trace[0].startswith("Rule: BIA appeal"), "the record stays in English"


def _every_line() -> set[str]:
    """The working of every rule of every pack, from triggers spread over a year (weekends, holidays, month ends)."""
    lines: set[str] = set()
    for forum in pack_ids():
        for trigger in load_pack(forum).triggers:
            for service in list(trigger.services) or [None]:
                for offset in range(0, 366, 11):
                    day = datetime.date(2025, 1, 31) + datetime.timedelta(days=offset)
                    try:
                        found = compute(forum=forum, trigger=trigger.id, date=day, service=service)
                    except ValueError:
                        continue  # a date the pack does not cover
                    for deadline in found:
                        lines.update(deadline.trace)
                        lines.add(deadline.aim_reason)
    return lines - {""}


def test_every_line_the_engine_writes_is_said_again_in_french_and_spanish() -> None:
    lines = _every_line()
    assert len(lines) > 100
    with translation.override("en"):
        assert [line for line in lines if explain(line) != line] == [], "English stays exactly as written"
    for language in ("fr", "es"):
        with translation.override(language):
            untranslated = sorted(line for line in lines if explain(line) == line)
        assert untranslated == [], (language, untranslated[:5])
