"""From a denial to a remedy: tag the adverse findings of a decision and see what the record held."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.errors import DomainError, StaleEdit
from article3.remedies import forms, services
from article3.remedies.changed import changed_conditions
from article3.remedies.review import record_against, review_deadlines, review_standard
from article3.remedies.services import FINDING_FIELDS


def _page(request: HttpRequest, case: Case, form: forms.FindingForm | None = None) -> HttpResponse:
    findings = list(case.adverse_findings.select_related("decision"))
    return render_case(request, case, "remedies/findings.html", {
        "answered": record_against(findings=findings, case=case), "form": form or forms.FindingForm(case=case),
        "deadlines": review_deadlines(case), "standard": review_standard(case),
        "has_decision": form is not None or forms.FindingForm(case=case).fields["decision"].queryset.exists(),  # type: ignore[attr-defined]
    })


@case_view(page="adverse_findings")
def findings(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        return _page(request, case)
    form = forms.FindingForm(request.POST, case=case)
    if not form.is_valid():
        return _page(request, case, form)
    try:
        services.finding_add(actor=request.user, case=case, **{f: form.cleaned_data[f] for f in FINDING_FIELDS})
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _page(request, case, form)
    messages.success(request, _("Finding recorded."))
    return redirect("remedies_findings", case_id=case.public_id)


@case_view(page="adverse_finding")
def finding_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    finding = get_object_or_404(case.adverse_findings, key=key)
    form = forms.FindingForm(request.POST or None, instance=finding, case=case,
                             initial={"version": finding.version})
    if request.method == "POST" and form.is_valid():
        changes: dict[str, Any] = {f: form.cleaned_data[f] for f in FINDING_FIELDS}
        try:
            services.finding_update(actor=request.user, finding=finding,
                                    expected_version=form.cleaned_data["version"] or finding.version, changes=changes)
        except StaleEdit:
            form.add_error(None, _("Someone else changed this finding while you were editing: reload and try again."))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Finding saved."))
            return redirect("remedies_findings", case_id=case.public_id)
    return render_case(request, case, "remedies/finding_edit.html", {"form": form, "finding": finding})


@require_POST
@case_view(edit=True)
def finding_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    services.finding_delete(actor=request.user, finding=get_object_or_404(case.adverse_findings, key=key))
    messages.success(request, _("Finding deleted."))
    return redirect("remedies_findings", case_id=case.public_id)


@case_view(page="changed_conditions")
def changed(request: HttpRequest, case: Case) -> HttpResponse:
    return render_case(request, case, "remedies/changed.html", {"found": changed_conditions(case=case)})
