"""The questions of the interview, in order: what each asks, and where its answer is written.

One question a screen, in plain words (a reading age of about 12). A question that can have several
answers (each time someone hurt you, each family member in danger) is asked again until the person
goes on; each answer is its own record, as in the lawyer's intake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from article3.cases import services as cases
from article3.cases.models import Applicant, Case, SafetyPlan
from article3.chronology import services as chronology
from article3.selfhelp import forms
from article3.selfhelp.models import Interview
from article3.selfhelp.services import actor_for


@dataclass(frozen=True)
class Step:
    slug: str
    question: Promise
    hint: Promise | str
    form: type[django_forms.Form]
    load: Callable[[Case], dict[str, Any]]  # the form's initial values (single questions)
    save: Callable[[Interview, dict[str, Any]], None]
    terms: tuple[str, ...] = ()  # glossary words the question uses
    # Questions asked again: the records already given, and how to remove one.
    entries: Callable[[Case], list[Model]] | None = None
    describe: Callable[[Model], list[str]] = field(default=lambda row: [str(row)])
    remove: Callable[[Interview, Any], None] | None = None  # through the intake's own delete service

    @property
    def repeats(self) -> bool:
        return self.entries is not None


def _applicant(interview: Interview, **changes: Any) -> None:
    applicant = Applicant.objects.get(case_id=interview.case_id)
    cases.applicant_update(actor=actor_for(interview), applicant=applicant, expected_version=applicant.version,
                           changes=changes)


def _case(interview: Interview, **changes: Any) -> None:
    case = Case.objects.get(pk=interview.case_id)
    cases.case_update(actor=actor_for(interview), case=case, expected_version=case.version, changes=changes)


def _plan(interview: Interview, **changes: Any) -> None:
    plan = SafetyPlan.objects.get(case_id=interview.case_id)
    cases.safety_plan_update(actor=actor_for(interview), plan=plan, expected_version=plan.version, changes=changes)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _title(text: str) -> str:
    first = (text.strip().splitlines() or [""])[0]
    return first[:120] or gettext("(no details)")


def _event(kind: str) -> Callable[[Interview, dict[str, Any]], None]:
    def save(interview: Interview, data: dict[str, Any]) -> None:
        who = data["who"].strip()
        chronology.event_add(actor=actor_for(interview), case=interview.case, kind=kind,
                             title=_title(data["description"]), description=data["description"].strip(),
                             date=data["date"].strip(), place=data["place"].strip(), in_home_country=True,
                             actors=[{"name": who, "official": False}] if who else [])
    return save


def _remove_event(interview: Interview, row: Any) -> None:
    chronology.event_delete(actor=actor_for(interview), event=row)


def _labelled(*pairs: tuple[Promise, str]) -> list[str]:
    return [f"{label}: {value}" for label, value in pairs if value]


def _describe_event(row: Any) -> list[str]:
    who = ", ".join(a.get("name", "") for a in row.actors)
    return _labelled((_("What happened?"), row.description), (_("When?"), row.date), (_("Where?"), row.place),
                     (_("Who did it?"), who))


def _save_agent(interview: Interview, data: dict[str, Any]) -> None:
    answer = data["official"]
    link = data["link_to_officials"].strip()
    if answer == "unsure":
        link = (gettext("Not sure if they are officials.") + " " + link).strip()
    cases.feared_agent_add(actor=actor_for(interview), case=interview.case,
                           description=data["description"].strip() or gettext("(no details)"),
                           official=answer == "yes", link_to_officials=link)


def _describe_agent(row: Any) -> list[str]:
    return _labelled((_("Who are they?"), row.description),
                     (_("Public officials?"), str(_("Yes")) if row.official else ""),
                     (_("How are they linked to the government?"), row.link_to_officials))


def _save_remedy(interview: Interview, data: dict[str, Any]) -> None:
    chronology.remedy_add(actor=actor_for(interview), case=interview.case, body=data["body"] or "other",
                          date=data["date"].strip(), description=data["description"].strip(),
                          outcome=data["outcome"] or "no_response", consequence=data["consequence"].strip())


def _describe_remedy(row: Any) -> list[str]:
    return _labelled((_("Whom did you ask?"), str(dict(forms.BODIES).get(row.body, row.body))),
                     (_("When?"), row.date), (_("What did you ask for?"), row.description),
                     (_("What happened?"), str(dict(forms.OUTCOMES).get(row.outcome, row.outcome))),
                     (_("What happened to you after that?"), row.consequence))


def _save_family(interview: Interview, data: dict[str, Any]) -> None:
    cases.person_add(actor=actor_for(interview), case=interview.case, role="family", at_risk=True,
                     name=data["name"].strip() or gettext("(no name given)"), relation=data["relation"].strip(),
                     notes=data["notes"].strip())


def _describe_family(row: Any) -> list[str]:
    return _labelled((_("Name"), row.name), (_("Who are they to you? (for example: sister)"), row.relation),
                     (_("What happened to them, or why are they in danger?"), row.notes))



STEPS: tuple[Step, ...] = (
    Step("name", _("What is your full name?"),
         _("Write it as it is on your passport or ID card, if you have one."), forms.HelpNameForm,
         lambda c: {"name": c.applicant.name},
         lambda i, d: _applicant(i, name=d["name"].strip())),
    Step("other-names", _("Have you used any other names?"),
         _("For example a nickname, a name before marriage, or a name on a false passport. Leave it empty if "
           "not."), forms.HelpOtherNamesForm,
         lambda c: {"other_names": "\n".join(c.applicant.other_names)},
         lambda i, d: _applicant(i, other_names=_lines(d["other_names"]))),
    Step("birth", _("When were you born?"), "", forms.HelpBirthForm,
         lambda c: {"birth_date": c.applicant.birth_date},
         lambda i, d: _applicant(i, birth_date=d["birth_date"].strip())),
    Step("nationality", _("Which country are you a citizen of?"),
         _("Leave it empty if you are not a citizen of any country."), forms.HelpNationalityForm,
         lambda c: {"nationality": c.applicant.nationality},
         lambda i, d: _applicant(i, nationality=d["nationality"])),
    Step("country", _("Which country are you afraid to be sent back to?"), "", forms.HelpCountryForm,
         lambda c: {"country_of_return": c.country_of_return},
         lambda i, d: _case(i, country_of_return=d["country_of_return"]), terms=("removal",)),
    Step("dialect", _("Do you speak a dialect, or another language better than this one?"),
         _("This helps to find the right interpreter. Leave it empty if not."), forms.HelpDialectForm,
         lambda c: {"interpreter_dialect": c.applicant.interpreter_dialect},
         lambda i, d: _applicant(i, interpreter_dialect=d["interpreter_dialect"].strip()),
         terms=("interpreter",)),
    Step("detained", _("Are you in detention now?"), "", forms.HelpDetainedForm,
         lambda c: {"detained": "yes" if c.detained else "no"},
         lambda i, d: _case(i, detained=d["detained"] == "yes"), terms=("detention",)),
    Step("forum", _("Where is your case now?"),
         _("Choose the court or body that has your case. If you do not know, choose “I do not know”."),
         forms.HelpForumForm, lambda c: {"forum": c.forum},
         lambda i, d: _case(i, forum=d["forum"]), terms=("forum", "deadline")),
    Step("history", _("Tell us about your life before you left."),
         _("Where you grew up, your family, your work or school, your religion, your politics, groups you "
           "belonged to."), forms.HelpStoryForm,
         lambda c: {"text": c.applicant.background},
         lambda i, d: _applicant(i, background=d["text"].strip())),
    Step("why", _("Why would they hurt you if you go back?"),
         _("What about you makes them want to hurt you? Has anyone asked about you since you left?"),
         forms.HelpStoryForm, lambda c: {"text": c.risk_profile},
         lambda i, d: _case(i, risk_profile=d["text"].strip()), terms=("torture",)),
    Step("harms", _("Has anyone hurt you? Tell us about one time."),
         _("Write what happened, step by step. Then add the next time, or go on."), forms.HelpEventForm,
         lambda c: {}, _event("harm"), terms=("torture", "public-official"),
         entries=lambda c: list(c.events.filter(kind="harm")), describe=_describe_event, remove=_remove_event),
    Step("threats", _("Has anyone threatened you or your family? Tell us about one time."),
         _("Threats by phone, by message, in person, or through other people."), forms.HelpEventForm,
         lambda c: {}, _event("threat"),
         entries=lambda c: list(c.events.filter(kind="threat")), describe=_describe_event, remove=_remove_event),
    Step("agents", _("Who are you afraid of?"),
         _("A person, a group, the police, the army, a militia. Add each one on its own."), forms.HelpAgentForm,
         lambda c: {}, _save_agent, terms=("public-official",),
         entries=lambda c: list(c.feared_agents.all()), describe=_describe_agent,
         remove=lambda i, row: cases.feared_agent_delete(actor=actor_for(i), agent=row)),
    Step("protection", _("Did you ask anyone in your country to protect you?"),
         _("For example the police, a court, or a human rights office. Tell us about each time you asked. If you "
           "never asked, go on."), forms.HelpRemedyForm,
         lambda c: {}, _save_remedy, terms=("protection",),
         entries=lambda c: list(c.domestic_remedies.all()), describe=_describe_remedy,
         remove=lambda i, row: chronology.remedy_delete(actor=actor_for(i), remedy=row)),
    Step("no-protection", _("Why could you not get protection in your country?"),
         _("If you did not ask for help, why not? What did you think would happen?"), forms.HelpStoryForm,
         lambda c: {"text": c.no_remedy_reason},
         lambda i, d: _case(i, no_remedy_reason=d["text"].strip()), terms=("protection",)),
    Step("family", _("Is anyone in your family in danger because of this?"),
         _("Add each person on their own. If nobody is, go on."), forms.HelpFamilyForm,
         lambda c: {}, _save_family,
         entries=lambda c: list(c.people.filter(role="family")), describe=_describe_family,
         remove=lambda i, row: cases.person_delete(actor=actor_for(i), person=row)),
    Step("documents", _("What papers or proof do you have, and where are they now?"),
         _("For example an ID card, a passport, letters, a summons, medical papers, photos, messages. Say where "
           "each one is: with you, with family, with a friend, lost."), forms.HelpStoryForm,
         lambda c: {"text": c.safety_plan.originals_location},
         lambda i, d: _plan(i, originals_location=d["text"].strip()), terms=("evidence",)),
)

BY_SLUG = {step.slug: step for step in STEPS}


def next_slug(slug: str) -> str | None:
    index = [s.slug for s in STEPS].index(slug)
    return STEPS[index + 1].slug if index + 1 < len(STEPS) else None


def previous_slug(slug: str) -> str | None:
    index = [s.slug for s in STEPS].index(slug)
    return STEPS[index - 1].slug if index > 0 else None


def answers(step: Step, case: Case) -> list[list[str]]:
    """The answers to one question, as written, in the active language's labels: one list of lines per
    record for a repeated question, one list for a single one."""
    if step.entries is not None:
        return [step.describe(row) for row in step.entries(case)]
    form = step.form()
    lines = []
    for name, value in step.load(case).items():
        shown = value
        choices = getattr(form.fields[name], "choices", None)
        if choices and value:
            shown = str(dict(choices).get(value, value))
        if shown:
            lines.append(str(shown))
    return [lines] if lines else []


def missing(case: Case) -> list[Step]:
    """The questions a package cannot leave unanswered."""
    return [step for step in STEPS
            if (step.slug == "name" and not case.applicant.name)
            or (step.slug == "country" and not case.country_of_return)]
