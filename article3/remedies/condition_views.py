"""After a grant: its conditions (reporting, check-ins, renewals, termination reviews) as dated deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.errors import DomainError, StaleEdit
from article3.remedies import forms, services

FIELDS = ("kind", "due", "details")


@case_view(page="grant_conditions")
def conditions(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.ConditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.condition_add(actor=request.user, case=case, **{f: form.cleaned_data[f] for f in FIELDS})
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Condition recorded: the team is reminded before it is due."))
            return redirect("remedies_conditions", case_id=case.public_id)
    return render_case(request, case, "remedies/conditions.html", {
        "conditions": case.grant_conditions.select_related("deadline"), "form": form})


@case_view(page="grant_condition")
def condition_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    condition = get_object_or_404(case.grant_conditions, pk=pk)
    form = forms.ConditionForm(request.POST or None, instance=condition, initial={"version": condition.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.condition_update(actor=request.user, condition=condition,
                                      expected_version=form.cleaned_data["version"] or condition.version,
                                      changes={f: form.cleaned_data[f] for f in FIELDS})
        except StaleEdit:
            form.add_error(None, _("Someone else changed this condition while you were editing: reload and try again."))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Condition saved."))
            return redirect("remedies_conditions", case_id=case.public_id)
    return render_case(request, case, "remedies/condition_edit.html", {"form": form, "condition": condition})


@require_POST
@case_view(edit=True)
def condition_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    services.condition_delete(actor=request.user, condition=get_object_or_404(case.grant_conditions, pk=pk))
    messages.success(request, _("Condition deleted."))
    return redirect("remedies_conditions", case_id=case.public_id)
