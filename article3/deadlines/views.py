from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.views import case_view, render_case
from article3.deadlines import calendars, selectors, services
from article3.deadlines.forms import ComputeForm, DecisionForm, InterimForm, InterimStatusForm
from article3.errors import DomainError


def _tab(request: HttpRequest, case: Case, **forms: Any) -> HttpResponse:
    context = {
        "page": selectors.case_deadlines(case=case),
        "decision_form": forms.get("decision_form") or DecisionForm(case=case),
        "compute_form": forms.get("compute_form") or ComputeForm(case=case),
        "interim_form": forms.get("interim_form") or InterimForm(),
        "status_form": InterimStatusForm(),
    }
    return render_case(request, case, "deadlines/case.html", context)


def _back(case: Case) -> HttpResponse:
    return redirect("deadlines_case", case_id=case.public_id)


def _added(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(request, f"{count} deadline{'s' if count != 1 else ''} added.")
    else:
        messages.info(request, "No new deadlines: those this event starts are already on the case.")


@case_view(page="deadlines")
def case_deadlines(request: HttpRequest, case: Case) -> HttpResponse:
    return _tab(request, case)


@require_POST
@case_view(edit=True)
def decision_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = DecisionForm(request.POST, case=case)
    if form.is_valid():
        try:
            decision = services.decision_record(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Decision recorded.")
            _added(request, decision.deadlines.count())
            return _back(case)
    return _tab(request, case, decision_form=form)


@require_POST
@case_view(edit=True)
def deadlines_compute(request: HttpRequest, case: Case) -> HttpResponse:
    form = ComputeForm(request.POST, case=case)
    if form.is_valid():
        try:
            added = services.deadlines_compute_add(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            _added(request, len(added))
            return _back(case)
    return _tab(request, case, compute_form=form)


@require_POST
@case_view(edit=True)
def deadline_done(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    deadline = selectors.deadline_get_for_case(case=case, pk=pk)
    try:
        services.deadline_mark_done(actor=request.user, deadline=deadline)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Marked done: {deadline.label}.")
    return _back(case)


@require_POST
@case_view(edit=True)
def interim_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = InterimForm(request.POST)
    if form.is_valid():
        try:
            services.interim_request_add(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Interim request recorded.")
            return _back(case)
    return _tab(request, case, interim_form=form)


@require_POST
@case_view(edit=True)
def interim_update(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    interim = selectors.interim_get_for_case(case=case, pk=pk)
    form = InterimStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
        return _back(case)
    try:
        services.interim_request_update(actor=request.user, interim=interim, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
    return _back(case)


# --- across the user's cases ------------------------------------------------------------------


@login_required
def calendar_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        first = calendars.parse_month(request.GET.get("month"), today=today)
    except ValueError as exc:
        messages.error(request, str(exc))
        first = today.replace(day=1)
    start, end = calendars.month_bounds(first)
    overdue = [d for d in selectors.upcoming_for_user(user=request.user, days=0) if d.urgency == "overdue"]
    month = calendars.month_grid(first=first, today=today, overdue=overdue,
                                 deadlines=selectors.deadlines_in_range(user=request.user, start=start, end=end))
    audit_record(actor=request.user, action="deadlines.calendar.viewed", object_key=month.key)
    return render(request, "deadlines/calendar.html", {"month": month, "today": today})


@login_required
def feeds(request: HttpRequest) -> HttpResponse:
    """The user's calendar feed addresses: create one (shown once), revoke any."""
    new_url = ""
    if request.method == "POST" and request.POST.get("action") == "revoke":
        pk = request.POST.get("feed", "")
        feed = get_object_or_404(selectors.feeds_for_user(user=request.user), pk=int(pk) if pk.isdigit() else 0)
        services.calendar_feed_revoke(actor=request.user, feed=feed)
        messages.success(request, "Feed address revoked: calendars using it stop updating.")
        return redirect("deadlines_feeds")
    if request.method == "POST" and request.POST.get("action") == "create":
        _, token = services.calendar_feed_create(actor=request.user, user=request.user)  # type: ignore[arg-type]
        new_url = request.build_absolute_uri(reverse("deadlines_ics", kwargs={"token": token}))
    return render(request, "deadlines/feeds.html",
                  {"feeds": selectors.feeds_for_user(user=request.user), "new_url": new_url})


@require_GET
def ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret feed: no sign-in, the token is the credential; wrong or revoked → 404."""
    feed = selectors.feed_for_token(token=token)
    deadlines = list(selectors.open_deadlines_for_user(user=feed.user))
    services.calendar_feed_fetched(feed=feed, events=len(deadlines))
    response = HttpResponse(calendars.ics_calendar(deadlines), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="article3-deadlines.ics"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
