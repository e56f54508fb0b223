"""The audit log, read by people: per case for its attorneys and admins, organisation-wide for admins."""

import contextlib
import csv
import datetime
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from article3.accounts.selectors import is_org_admin, organisation_for_user
from article3.audit import selectors
from article3.audit.models import AuditEntry
from article3.audit.services import audit_record, chain_verify
from article3.cases.models import Case
from article3.cases.selectors import can_manage_team
from article3.cases.views import case_view, render_case

PER_PAGE = 100  # rows on a page, newest first; the CSV export has them all
WALK_IN_FULL_EVERY = 600  # seconds: between, a view walks only the entries newer than the last whole walk


def _filters(request: HttpRequest) -> dict[str, object]:
    since = None
    with contextlib.suppress(ValueError):
        since = datetime.date.fromisoformat(request.GET.get("since", ""))
    return {"actor": request.GET.get("actor", ""), "kind": request.GET.get("kind", ""), "since": since}


def _context(request: HttpRequest, entries: QuerySet[AuditEntry]) -> dict[str, object]:
    filters = _filters(request)
    shown = selectors.entries_filtered(entries, **filters)  # type: ignore[arg-type]
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))  # a wrong number: the nearest page
    return {"rows": selectors.rows_for(list(page.object_list)), "page": page,
            "filters": filters, "actors": selectors.actor_choices(entries),
            "kinds": [(k, label) for k, (label, _) in selectors.KINDS.items()],
            "chain": chain_verify(full_every=WALK_IN_FULL_EVERY)}


def _csv(entries: QuerySet[AuditEntry], request: HttpRequest, name: str) -> HttpResponse:
    shown = selectors.entries_filtered(entries, **_filters(request))  # type: ignore[arg-type]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["number", "time (UTC)", "who", "what", "about", "case"])
    for row in selectors.rows_for(list(shown)):
        writer.writerow([row.seq, row.at.isoformat(), row.actor, row.action_words, row.about, row.case_reference])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _case_log(request: HttpRequest, case: Case) -> QuerySet[AuditEntry]:
    if not can_manage_team(user=request.user, case=case):
        raise PermissionDenied
    return selectors.entries_for_case(case_id=case.pk)


@case_view()
def case_audit(request: HttpRequest, case: Case) -> HttpResponse:
    entries = _case_log(request, case)
    audit_record(actor=request.user, action="audit.log.viewed", obj=case, object_key=str(case.public_id),
                 organisation_id=case.organisation_id, case_id=case.pk)
    return render_case(request, case, "audit/log.html", _context(request, entries))


@case_view()
def case_audit_csv(request: HttpRequest, case: Case) -> HttpResponse:
    entries = _case_log(request, case)
    audit_record(actor=request.user, action="audit.log.exported", obj=case, object_key=str(case.public_id),
                 organisation_id=case.organisation_id, case_id=case.pk)
    return _csv(entries, request, f"audit-{case.reference}.csv")


def _org_log(request: HttpRequest) -> tuple[int, QuerySet[AuditEntry]]:
    organisation = organisation_for_user(user=request.user)
    if organisation is None or not is_org_admin(user=request.user, organisation_id=organisation.pk):
        raise Http404
    return organisation.pk, selectors.entries_for_organisation(organisation_id=organisation.pk)


@login_required
def organisation_audit(request: HttpRequest) -> HttpResponse:
    organisation_id, entries = _org_log(request)
    audit_record(actor=request.user, action="audit.log.viewed", organisation_id=organisation_id)
    return render(request, "audit/log.html", {**_context(request, entries), "organisation_wide": True})


@login_required
def organisation_audit_csv(request: HttpRequest) -> HttpResponse:
    organisation_id, entries = _org_log(request)
    audit_record(actor=request.user, action="audit.log.exported", organisation_id=organisation_id)
    return _csv(entries, request, "audit-organisation.csv")
