"""The team's side of the client portal: who of the client's side may sign in, their answers to
approve or set aside, and messages. Only attorneys and admins give or take away access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.selectors import can_manage_team
from article3.cases.views import case_view, render_case
from article3.errors import DomainError, StaleEdit
from article3.portal import services
from article3.portal.forms import MessageForm
from article3.portal.models import AnswerStatus, ClientAccess, ClientAnswer, Relationship
from article3.portal.selectors import client_accesses_for_case


def _back(case: Case, anchor: str = "") -> HttpResponse:
    return redirect(reverse("case_client", kwargs={"case_id": case.public_id}) + anchor)


@case_view(page="client")
def client(request: HttpRequest, case: Case) -> HttpResponse:
    from django.conf import settings

    answers = list(case.client_answers.select_related("author"))
    thread = list(case.client_messages.all())
    services.messages_read(case=case, by_client=False)
    return render_case(request, case, "cases/client.html", {
        "accesses": client_accesses_for_case(case=case), "can_manage": can_manage_team(user=request.user, case=case),
        "relationships": Relationship.choices, "client_languages": settings.LANGUAGES,
        "waiting": [a for a in answers if a.status == AnswerStatus.WAITING],
        "reviewed": [a for a in answers if a.status != AnswerStatus.WAITING],
        "thread": thread, "message_form": MessageForm(), "link": request.session.pop("client_link", "")})


@require_POST
@case_view(edit=True)
def client_invite(request: HttpRequest, case: Case) -> HttpResponse:
    if not can_manage_team(user=request.user, case=case):
        raise PermissionDenied
    try:
        _access, link = services.client_invite(
            actor=request.user, case=case, email=request.POST.get("email", ""),
            relationship=request.POST.get("relationship", ""), language=request.POST.get("language", ""),
            consent=request.POST.get("consent", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back(case, "#invite")
    request.session["client_link"] = link  # shown once, on the next page, to hand over
    messages.success(request, _("The client's account was made. Give them the link below to choose a password."))
    return _back(case, "#access")


@require_POST
@case_view(edit=True)
def client_access_end(request: HttpRequest, case: Case, access_id: int) -> HttpResponse:
    if not can_manage_team(user=request.user, case=case):
        raise PermissionDenied
    access = get_object_or_404(ClientAccess, case=case, pk=access_id)
    services.client_access_end(actor=request.user, access=access)
    messages.success(request, _("%(email)s can no longer sign in to this case.") % {"email": access.user.email})
    return _back(case, "#access")


@require_POST
@case_view(edit=True)
def answer_review(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    answer = get_object_or_404(ClientAnswer, case=case, pk=pk)
    posted, choice = request.POST.get("version", ""), request.POST.get("choice", "")
    version = int(posted) if posted.isdigit() else 0  # a mangled version is refused as stale below
    try:
        if choice == "reopen":
            services.answer_reopen(actor=request.user, answer=answer, expected_version=version)
        else:
            services.answer_review(actor=request.user, answer=answer, expected_version=version,
                                   approve=choice == "approve")
    except StaleEdit:
        messages.error(request, _("Someone else reviewed this answer meanwhile; here it is as it is now."))
    return _back(case, f"#answer-{answer.pk}")


@case_view()
def answer_voice(request: HttpRequest, case: Case, pk: int) -> HttpResponseBase:
    """The client's voice message, downloaded (audited like any file of the case)."""
    from article3.evidence.delivery import attachment

    answer = get_object_or_404(ClientAnswer, case=case, pk=pk, voice_sha256__gt="")
    audit_record(actor=request.user, action="portal.answer.voice_downloaded", obj=answer,
                 organisation_id=case.organisation_id, case_id=case.pk)
    extension = answer.voice_type.split("/")[-1].split(";")[0] or "audio"
    return attachment(request, sha=answer.voice_sha256, name=f"client-answer-{answer.pk}.{extension}")


@require_POST
@case_view(edit=True)
def client_message(request: HttpRequest, case: Case) -> HttpResponse:
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(actor=request.user, case=case, from_client=False,  # type: ignore[arg-type]
                                  body=form.cleaned_data["body"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your message was sent. The client is told by e-mail that there is a "
                                        "message, without its content."))
    else:
        messages.error(request, _("Write the message first."))
    return _back(case, "#messages")
