"""The emergency panel: the removal, the alarm, the urgent steps for the forum and the requests sent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.accounts.models import Role
from article3.accounts.selectors import actor_has_org_role, organisation_for_user
from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.deadlines import services as deadlines
from article3.docs.respondents import respondent_choices
from article3.errors import DomainError, NotPermitted, StaleEdit
from article3.remedies import forms, selectors, services
from article3.remedies.models import Removal


def _page(request: HttpRequest, case: Case, form: forms.RemovalForm | None = None, status: int = 200) -> HttpResponse:
    panel = selectors.emergency_for_case(case=case, today=timezone.localdate())
    removal = panel.removal
    label = panel.identifier.label if panel.identifier else ""
    form = form or forms.RemovalForm(instance=removal, identifier_label=label,
                                     initial={"version": removal.version if removal else None})
    org_admin = actor_has_org_role(actor=request.user, organisation_id=case.organisation_id,
                                   roles=frozenset({Role.ADMIN}))
    response = render_case(request, case, "remedies/emergency.html", {
        "panel": panel, "form": form, "steps": steps(panel), "org_admin": org_admin,
        "update_form": forms.RequestUpdateForm()})
    response.status_code = status
    return response


def steps(panel: selectors.Emergency) -> list[dict[str, Any]]:
    """Each urgent step with the States its request may name (none for steps that name no State)."""
    return [{"option": o, "states": respondent_choices(o.document) if o.document else []} for o in panel.options]


@case_view(page="emergency")
def emergency(request: HttpRequest, case: Case) -> HttpResponse:
    return _page(request, case)


@require_POST
@case_view(edit=True)
def removal_save(request: HttpRequest, case: Case) -> HttpResponse:
    removal = Removal.objects.filter(case=case).first()
    form = forms.RemovalForm(request.POST, instance=removal)
    if not form.is_valid():
        return _page(request, case, form=form)
    changes: dict[str, Any] = {f: form.cleaned_data[f] for f in services.REMOVAL_FIELDS}
    try:
        services.removal_set(actor=request.user, case=case, expected_version=form.cleaned_data.get("version"),
                             changes=changes)
    except StaleEdit:
        form.add_error(None, _("Someone else changed the removal while you were editing: reload the page and "
                               "enter your changes again."))
        return _page(request, case, form=form, status=409)
    except DomainError as exc:
        form.add_error("identifier" if isinstance(exc, services.IdentifierFormatError) else None, str(exc))
        return _page(request, case, form=form)
    messages.success(request, _("Removal saved."))
    return redirect("remedies_emergency", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def removal_delete(request: HttpRequest, case: Case) -> HttpResponse:
    removal = Removal.objects.filter(case=case).first()
    if removal is None:
        messages.error(request, _("No removal is recorded for this case."))
    else:
        services.removal_delete(actor=request.user, removal=removal)
        messages.success(request, _("Removal deleted."))
    return redirect("remedies_emergency", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def draft(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.DraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an urgent step to draft."))
        return redirect("remedies_emergency", case_id=case.public_id)
    try:
        generated, _interim = services.urgent_draft(actor=request.user, case=case, kind=form.cleaned_data["kind"],
                                             state_party=form.cleaned_data["state_party"])
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("remedies_emergency", case_id=case.public_id)
    messages.info(request, _("%(document)s: queued. It is tracked on the emergency page until the answer comes.")
                  % {"document": generated.get_kind_display()})
    return redirect("case_docs", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def request_update(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    interim = get_object_or_404(case.interim_requests, pk=pk)
    form = forms.RequestUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
        return redirect("remedies_emergency", case_id=case.public_id)
    try:
        if form.cleaned_data["status"] != interim.status:
            interim = deadlines.interim_request_update(actor=request.user, interim=interim,
                                                       status=form.cleaned_data["status"], on=form.cleaned_data["on"])
        if form.cleaned_data["compliance"] != interim.compliance:
            services.compliance_set(actor=request.user, interim=interim, compliance=form.cleaned_data["compliance"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Request updated."))
    return redirect("remedies_emergency", case_id=case.public_id)


@login_required
def alarm_threshold(request: HttpRequest) -> HttpResponse:
    org = organisation_for_user(user=request.user)
    if org is None or not actor_has_org_role(actor=request.user, organisation_id=org.pk,
                                             roles=frozenset({Role.ADMIN})):
        raise Http404
    form = forms.AlarmThresholdForm(request.POST or None,
                                    initial={"days": selectors.alarm_days(organisation_id=org.pk)})
    if request.method == "POST" and form.is_valid():
        try:
            services.alarm_threshold_set(actor=request.user, organisation=org, days=form.cleaned_data["days"])
        except NotPermitted as exc:
            raise PermissionDenied from exc
        messages.success(request, _("Removals now raise the alarm %(days)d days before.")
                         % {"days": form.cleaned_data["days"]})
        return redirect("remedies_alarm_threshold")
    return render(request, "remedies/alarm_threshold.html", {"form": form})
