"""The client's pages: their own case only, in their language, none of the team's analysis.

Every view finds the case through the client's access (404 for anyone else, lawyers included) and
records each visit in the audit log, as the lawyer's pages do.
"""

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.errors import DomainError, StaleEdit
from article3.portal import services
from article3.portal.forms import AnswerEditForm, AnswerForm, MessageForm, UploadForm
from article3.portal.models import AnswerStatus, ClientAccess, ClientAnswer
from article3.portal.selectors import client_case_get

ClientView = Callable[..., HttpResponseBase]


def client_view(page: str) -> Callable[[ClientView], ClientView]:
    def decorator(view: ClientView) -> ClientView:
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            access, case = client_case_get(user=request.user)
            if request.method == "GET":
                audit_record(actor=request.user, action="portal.page.viewed", object_key=page,
                             organisation_id=case.organisation_id, case_id=case.pk)
            return view(request, access, case, **kwargs)

        return wrapped

    return decorator


def _render(request: HttpRequest, template: str, case: Case, context: dict[str, Any]) -> HttpResponse:
    unread = case.client_messages.filter(from_client=False, read_at__isnull=True).count()
    return render(request, template, {"case": case, "unread": unread, **context})


def _upcoming(case: Case) -> list[dict[str, Any]]:
    """Meetings and interviews the team booked, and the hearing: dates only, no notes of the team's."""
    today = timezone.localdate()
    rows = [{"date": b.date, "time": b.time, "kind": b.kind}
            for b in case.interpreter_bookings.filter(kind__in=("meeting", "interview"), date__gte=today)]
    if case.hearing_date and case.hearing_date >= today:
        rows.append({"date": case.hearing_date, "time": None, "kind": "hearing"})
    return sorted(rows, key=lambda row: (row["date"], row["time"] or datetime.time.min))


@client_view("portal_home")
def home(request: HttpRequest, access: ClientAccess, case: Case) -> HttpResponse:
    return _render(request, "portal/home.html", case, {"access": access, "upcoming": _upcoming(case)})


@client_view("portal_safety_plan")
def safety_plan(request: HttpRequest, access: ClientAccess, case: Case) -> HttpResponse:
    return _render(request, "portal/safety_plan.html", case, {"plan": getattr(case, "safety_plan", None)})


def _questions(case: Case) -> list[Any]:
    from article3.claims.report import gap_report

    return gap_report(case=case).questions


@client_view("portal_questions")
def questions(request: HttpRequest, access: ClientAccess, case: Case) -> HttpResponse:
    asked = _questions(case)
    answers = list(case.client_answers.filter(author=access))
    if request.method == "POST":
        number = _number(request.POST.get("question"))
        if not 0 < number <= len(asked):
            raise Http404
        form = AnswerForm(request.POST, request.FILES)
        if form.is_valid():
            question = asked[number - 1]
            voice = form.cleaned_data["voice"]
            with override("en"):
                english = str(question.text)
            try:
                services.answer_add(actor=request.user, access=access,  # type: ignore[arg-type]
                                    topic=question.topic, question=english,
                                    answer=form.cleaned_data["answer"], language=get_language(),
                                    voice=voice.file if voice else None,
                                    voice_type=voice.content_type if voice else "")
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Thank you. Your answer was sent to your legal team."))
            return redirect("portal_questions")
    return _render(request, "portal/questions.html", case, {
        "questions": [(n, q) for n, q in enumerate(asked, start=1)], "answers": answers, "form": AnswerForm()})


def _number(text: str | None) -> int:
    """A number posted by a form of ours; anything else is 0 (refused by the caller)."""
    return int(text) if text and text.isdigit() else 0


def _own_answer(access: ClientAccess, pk: int) -> ClientAnswer:
    answer = access.answers.filter(pk=pk).first()
    if answer is None:
        raise Http404
    return answer


@client_view("portal_answer")
def answer_edit(request: HttpRequest, access: ClientAccess, case: Case, pk: int) -> HttpResponse:
    answer = _own_answer(access, pk)
    form = AnswerEditForm(request.POST or None, initial={"answer": answer.answer, "version": answer.version})
    if request.method == "POST" and form.is_valid():
        try:
            if "delete" in request.POST:
                services.answer_delete(actor=request.user, answer=answer)  # type: ignore[arg-type]
                messages.success(request, _("Your answer was deleted."))
            else:
                services.answer_update(actor=request.user, answer=answer,  # type: ignore[arg-type]
                                       expected_version=form.cleaned_data["version"], text=form.cleaned_data["answer"])
                messages.success(request, _("Your answer was changed."))
        except StaleEdit:
            messages.error(request, _("This answer was changed somewhere else. Here it is as it is now."))
            return redirect("portal_answer", pk=pk)
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("portal_questions")
    return _render(request, "portal/answer.html", case, {"answer": answer, "form": form,
                                                         "waiting": answer.status == AnswerStatus.WAITING})


@client_view("portal_upload")
def upload(request: HttpRequest, access: ClientAccess, case: Case) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent = form.cleaned_data["file"]
        try:
            services.client_upload(actor=request.user, access=access, stream=sent.file,  # type: ignore[arg-type]
                                   filename=sent.name, note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Thank you. Your file was sent safely to your legal team."))
            return redirect("portal_upload")
    sent_before = case.client_uploads.select_related("document")
    return _render(request, "portal/upload.html", case, {"form": form, "sent": sent_before})


@client_view("portal_messages")
def messages_page(request: HttpRequest, access: ClientAccess, case: Case) -> HttpResponse:
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(actor=request.user, case=case, from_client=True,  # type: ignore[arg-type]
                                  body=form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("portal_messages")
    thread = list(case.client_messages.all())
    services.messages_read(case=case, by_client=True)
    return _render(request, "portal/messages.html", case, {"thread": thread, "form": form})
