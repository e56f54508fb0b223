"""Intake: one page a paralegal fills in one sitting, each section saved on its own.

Answers become structured records (applicant, people, feared agents, events, attempts at
domestic remedies), never one blob of text.
"""

import functools
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from article3.cases import forms, services
from article3.cases.models import Case
from article3.cases.views import case_view, render_case, save_versioned
from article3.chronology import services as chronology_services
from article3.chronology.models import Event, EventKind
from article3.chronology.selectors import chronology_snapshot
from article3.errors import DomainError
from article3.snapshots import page_parts

# The intake's event sections: heading, the kinds offered, and the question asked.
EVENT_SECTIONS = [
    ("harm", gettext_lazy("Past harm"), [EventKind.HARM, EventKind.DETENTION, EventKind.RELEASE],
     gettext_lazy("What was done to the applicant, when, where and by whom?")),
    ("threats", gettext_lazy("Threats and coercion"), [EventKind.THREAT, EventKind.OTHER],
     gettext_lazy("Threats received, pressure or coercion, and who made them.")),
    ("travel", gettext_lazy("Departure and prior immigration history"),
     [EventKind.DEPARTURE, EventKind.ARRIVAL, EventKind.FILING],
     gettext_lazy("When and how the applicant left, and any earlier applications or entries.")),
]


def _back(request: HttpRequest, case: Case, section: str, saved: str) -> HttpResponse:
    messages.success(request, saved)
    return redirect(reverse("case_intake", kwargs={"case_id": case.public_id}) + f"#{section}")


@case_view(page="intake")
def intake(request: HttpRequest, case: Case) -> HttpResponse:
    return _page(request, case)


def _page(request: HttpRequest, case: Case, *, invalid: str = "", form: Any = None, problem: str = "") -> HttpResponse:
    """The intake page; a section whose form was refused shows it as typed, with its errors."""
    applicant = case.applicant

    def bound(section: str, fresh: Any) -> Any:
        return form if section == invalid else fresh

    parts = page_parts(case, "intake")  # the events of each section, read and drawn once per state of the case
    sections = [
        {"id": sid, "title": title, "question": question,
         "form": bound(sid, forms.EventForm(initial={"kind": kinds[0]}, prefix=sid)),
         "kinds": kinds, "events": parts.worked_out(sid, functools.partial(_events_of, case, kinds))}
        for sid, title, kinds, question in EVENT_SECTIONS
    ]
    return render_case(request, case, "cases/intake.html", {
        "applicant_form": bound("applicant", forms.ApplicantForm(instance=applicant,
                                                                 initial={"version": applicant.version})),
        "profile_form": bound("profile", forms.ProfileForm(instance=case, initial={"version": case.version})),
        "sections": sections,
        "person_form": forms.PersonForm(initial={"role": "family", "at_risk": True}),
        "agent_form": forms.AgentForm(),
        "remedy_form": bound("remedies", forms.RemedyForm()),
        "family": case.people.filter(role="family"),
        "agents": case.feared_agents.all(),
        "remedies": case.domestic_remedies.all(),
        "invalid": invalid, "problem": problem, "parts": parts,
        "form_parts": None if invalid else parts,  # the empty forms drawn once too; a refused one, as typed
    })


def _events_of(case: Case, kinds: list[EventKind]) -> list[Event]:
    """The case's events of these kinds, from the chronology as read once (decrypted once)."""
    return [e for e in chronology_snapshot(case=case).events if e.kind in kinds]


@require_POST
@case_view(edit=True)
def intake_applicant(request: HttpRequest, case: Case) -> HttpResponse:
    applicant = case.applicant
    form = forms.ApplicantForm(request.POST, instance=applicant)
    if not form.is_valid():
        return _page(request, case, invalid="applicant", form=form)
    save = functools.partial(services.applicant_update, actor=request.user, applicant=applicant)
    saved = _("The applicant's details are saved.")
    return save_versioned(request, case, form, save) or _back(request, case, "applicant", saved)


@require_POST
@case_view(edit=True)
def intake_profile(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.ProfileForm(request.POST, instance=case)
    if not form.is_valid():
        return _page(request, case, invalid="profile", form=form)
    save = functools.partial(services.case_update, actor=request.user, case=case)
    return save_versioned(request, case, form, save) or _back(request, case, "profile", _("The profile is saved."))


@require_POST
@case_view(edit=True)
def intake_event(request: HttpRequest, case: Case, section: str) -> HttpResponse:
    form = forms.EventForm(request.POST, prefix=section)
    if not form.is_valid():
        return _page(request, case, invalid=section, form=form)
    try:
        chronology_services.event_add(actor=request.user, case=case, **form.cleaned_data)
    except DomainError as exc:
        return _page(request, case, invalid=section, form=form, problem=str(exc))
    return _back(request, case, section, _("Event added: %(title)s.") % {"title": form.cleaned_data["title"]})


@require_POST
@case_view(edit=True)
def intake_remedy(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.RemedyForm(request.POST)
    if not form.is_valid():
        return _page(request, case, invalid="remedies", form=form)
    try:
        chronology_services.remedy_add(actor=request.user, case=case, **form.cleaned_data)
    except DomainError as exc:
        return _page(request, case, invalid="remedies", form=form, problem=str(exc))
    return _back(request, case, "remedies", _("The attempt to seek protection is saved."))
