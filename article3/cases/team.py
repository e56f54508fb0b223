"""The case team: who works on a case, in which role, and what is shared with need-to-know members."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.accounts.models import Membership
from article3.cases import services
from article3.cases.models import Case, CaseMember
from article3.cases.selectors import NEED_TO_KNOW_ROLES, can_manage_team, team_for_case
from article3.cases.views import case_view, render_case
from article3.errors import DomainError


@case_view(page="team")
def team(request: HttpRequest, case: Case) -> HttpResponse:
    seats = list(team_for_case(case=case))
    on_team = {s.user_id for s in seats}
    candidates = (Membership.objects.filter(organisation_id=case.organisation_id, user__is_active=True)
                  .exclude(user_id__in=on_team).select_related("user").order_by("user__email"))
    return render_case(request, case, "cases/team.html", {
        "seats": seats, "candidates": candidates, "roles": _role_choices(),
        "can_manage": can_manage_team(user=request.user, case=case),
        "documents": case.documents.order_by("pk"), "events": case.events.order_by("pk"),
        "need_to_know_roles": sorted(NEED_TO_KNOW_ROLES)})


def _role_choices() -> list[tuple[str, str]]:
    return [(r.value, str(r.label)) for r in services.TEAM_ROLES]


def _managed_seat(request: HttpRequest, case: Case, seat_id: int) -> CaseMember:
    if not can_manage_team(user=request.user, case=case):
        raise PermissionDenied
    return get_object_or_404(CaseMember, case=case, pk=seat_id)


def _done(request: HttpRequest, case: Case, error: DomainError | None) -> HttpResponse:
    if error is not None:
        messages.error(request, str(error))
    back = request.POST.get("back", "")
    if back and case.documents.filter(key=back).exists():
        return redirect("evidence_document", case_id=case.public_id, key=back)
    return redirect("case_team", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def team_add(request: HttpRequest, case: Case) -> HttpResponse:
    if not can_manage_team(user=request.user, case=case):
        raise PermissionDenied
    email = request.POST.get("email", "").strip().lower()
    person = get_user_model().objects.filter(username=email).first()
    error = None
    try:
        if person is None:
            raise DomainError(_("Only members of the case's organisation can join its team."))
        services.team_member_add(actor=request.user, case=case, user_id=person.pk, role=request.POST.get("role", ""))
    except DomainError as exc:
        error = exc
    return _done(request, case, error)


@require_POST
@case_view(edit=True)
def team_role(request: HttpRequest, case: Case, seat_id: int) -> HttpResponse:
    seat = _managed_seat(request, case, seat_id)
    error = None
    try:
        services.team_member_add(actor=request.user, case=case, user_id=seat.user_id, role=request.POST.get("role", ""))
    except DomainError as exc:
        error = exc
    return _done(request, case, error)


@require_POST
@case_view(edit=True)
def team_remove(request: HttpRequest, case: Case, seat_id: int) -> HttpResponse:
    seat = _managed_seat(request, case, seat_id)
    error = None
    try:
        services.team_member_remove(actor=request.user, seat=seat)
    except DomainError as exc:
        error = exc
    return _done(request, case, error)


@require_POST
@case_view(edit=True)
def team_downloads(request: HttpRequest, case: Case, seat_id: int) -> HttpResponse:
    seat = _managed_seat(request, case, seat_id)
    services.team_member_set_download(actor=request.user, seat=seat, may_download=request.POST.get("allow") == "1")
    return _done(request, case, None)


@require_POST
@case_view(edit=True)
def team_share(request: HttpRequest, case: Case, seat_id: int) -> HttpResponse:
    """Share (or stop sharing) one document or event, named `document:<key>` or `event:<key>`."""
    seat = _managed_seat(request, case, seat_id)
    kind, _colon, key = request.POST.get("item", "").partition(":")
    document = case.documents.filter(key=key).first() if kind == "document" else None
    event = case.events.filter(key=key).first() if kind == "event" else None
    error = None
    try:
        services.case_share_set(actor=request.user, seat=seat, document=document, event=event,
                                shared=request.POST.get("shared", "1") == "1")
    except DomainError as exc:
        error = exc
    return _done(request, case, error)
