"""Editing and deleting the records of a case's intake: people, feared agents and attempts at
protection at home. Each edit names the version it started from; each delete asks first, on its
own page, and says what else changes."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from article3.cases import forms, services
from article3.cases.models import Case
from article3.cases.views import case_view, render_case, save_versioned
from article3.chronology import services as chronology_services
from article3.errors import DomainError


def edit_page(request: HttpRequest, case: Case, form: ModelForm, save: Callable[..., Any], *,  # type: ignore[type-arg]
              title: str, back: str, saved: str) -> HttpResponse:
    """Show the form; on a valid POST save it (409 with both versions when stale) and go back."""
    if request.method == "POST" and form.is_valid():
        try:
            stale = save_versioned(request, case, form, save)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if stale is not None:
                return stale
            messages.success(request, saved)
            return redirect(back)
    return render_case(request, case, "cases/record_form.html", {"form": form, "title": title, "back": back})


def confirm_page(request: HttpRequest, case: Case, act: Callable[[], Any], *, question: str, button: str,
                 back: str, done: str, effects: list[str] | None = None, danger: bool = False) -> HttpResponse:
    """GET asks first, saying what else changes; POST acts (a refusal is shown as a message)."""
    if request.method == "POST":
        try:
            act()
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect(back)
    return render_case(request, case, "cases/confirm.html", {
        "question": question, "button": button, "back": back, "effects": effects or [], "danger": danger})


def delete_page(request: HttpRequest, case: Case, delete: Callable[[], None], *, back: str, effects: list[str],
                deleted: str, what: str = "", question: str = "") -> HttpResponse:
    """Ask before deleting: `question` is the whole sentence; `what` only names the thing deleted."""
    question = question or _("Delete %(what)s?") % {"what": what}
    return confirm_page(request, case, delete, question=question, button=_("Delete"), back=back,
                        done=deleted, effects=effects, danger=True)


def _people(case: Case) -> str:
    return reverse("case_people", kwargs={"case_id": case.public_id})


def _intake(case: Case, section: str) -> str:
    return reverse("case_intake", kwargs={"case_id": case.public_id}) + f"#{section}"


@case_view(edit=True)
def person_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    person = get_object_or_404(case.people, key=key)
    form = forms.PersonEditForm(request.POST or None, instance=person, initial={"version": person.version})
    save = functools.partial(services.person_update, actor=request.user, person=person)
    return edit_page(request, case, form, save, title=_("Edit the person"), back=_people(case),
                     saved=_("The person's details are saved."))


@case_view(edit=True)
def person_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    person = get_object_or_404(case.people, key=key)
    delete = functools.partial(services.person_delete, actor=request.user, person=person)
    question = _("Delete %(name)s (%(role)s)?") % {"name": person.name, "role": person.get_role_display().lower()}
    return delete_page(request, case, delete, question=question, back=_people(case),
                       deleted=_("Removed from the case: %(name)s.") % {"name": person.name}, effects=[
                           _("Their name, relation and notes are removed from the case."),
                           _("Documents already generated keep the text they were made with.")])


@case_view(edit=True)
def agent_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    agent = get_object_or_404(case.feared_agents, key=key)
    form = forms.AgentEditForm(request.POST or None, instance=agent, initial={"version": agent.version})
    save = functools.partial(services.feared_agent_update, actor=request.user, agent=agent)
    return edit_page(request, case, form, save, title=_("Edit the feared agent"),
                     back=_intake(case, "agents"), saved=_("The feared agent is saved."))


@case_view(edit=True)
def agent_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    agent = get_object_or_404(case.feared_agents, key=key)
    delete = functools.partial(services.feared_agent_delete, actor=request.user, agent=agent)
    question = _("Delete the feared agent “%(description)s”?") % {"description": agent.description}
    return delete_page(request, case, delete, question=question,
                       back=_intake(case, "agents"), deleted=_("The feared agent is deleted."),
                       effects=[_("Events that name these people as actors keep their own list of actors.")])


@case_view(edit=True)
def remedy_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    remedy = get_object_or_404(case.domestic_remedies, key=key)
    form = forms.RemedyEditForm(request.POST or None, instance=remedy, initial={"version": remedy.version})
    save = functools.partial(chronology_services.remedy_update, actor=request.user, remedy=remedy)
    return edit_page(request, case, form, save, title=_("Edit the attempt to seek protection"),
                     back=_intake(case, "remedies"), saved=_("The attempt to seek protection is saved."))


@case_view(edit=True)
def remedy_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    from article3.docs.models import DeclarationParagraph

    remedy = get_object_or_404(case.domestic_remedies, key=key)
    paragraphs = DeclarationParagraph.objects.filter(remedy=remedy).count()
    effects = [ngettext("%(count)d paragraph of generated declarations told this attempt: they keep their text "
                        "and no longer point to it.",
                        "%(count)d paragraphs of generated declarations told this attempt: they keep their text "
                        "and no longer point to it.", paragraphs) % {"count": paragraphs}] if paragraphs else []
    delete = functools.partial(chronology_services.remedy_delete, actor=request.user, remedy=remedy)
    words = {"date": remedy.date, "body": remedy.get_body_display().lower()}
    question = (_("Delete the attempt of %(date)s (%(body)s)?") if remedy.date
                else _("Delete the attempt (%(body)s)?")) % words
    return delete_page(request, case, delete, question=question,
                       back=_intake(case, "remedies"), deleted=_("The attempt to seek protection is deleted."),
                       effects=effects)
