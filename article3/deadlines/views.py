import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from article3.audit.services import audit_record
from article3.cases.models import Case
from article3.cases.records import confirm_page, delete_page, edit_page
from article3.cases.views import case_view, render_case
from article3.deadlines import calendars, selectors, services
from article3.deadlines.forms import (
    DECISION_FIELDS,
    ComputeForm,
    CustomDeadlineEditForm,
    CustomDeadlineForm,
    DeadlineNoteForm,
    DecisionEditForm,
    DecisionForm,
    InterimEditForm,
    InterimForm,
    InterimStatusForm,
)
from article3.errors import DomainError, StaleEdit


def _tab(request: HttpRequest, case: Case, **forms: Any) -> HttpResponse:
    context = {
        "page": selectors.case_deadlines(case=case),
        "decision_form": forms.get("decision_form") or DecisionForm(case=case),
        "compute_form": forms.get("compute_form") or ComputeForm(case=case),
        "interim_form": forms.get("interim_form") or InterimForm(),
        "custom_form": forms.get("custom_form") or CustomDeadlineForm(),
        "status_form": InterimStatusForm(),
    }
    return render_case(request, case, "deadlines/case.html", context)


def _back(case: Case) -> HttpResponse:
    return redirect("deadlines_case", case_id=case.public_id)


def _added(request: HttpRequest, count: int) -> None:
    if count:
        messages.success(request, ngettext("%(count)s deadline added.", "%(count)s deadlines added.", count)
                         % {"count": count})
    else:
        messages.info(request, _("No new deadlines: those this event starts are already on the case."))


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
            messages.success(request, _("Decision recorded."))
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


def _tab_url(case: Case) -> str:
    return reverse("deadlines_case", kwargs={"case_id": case.public_id})


@case_view(edit=True)
def deadline_done(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    deadline = selectors.deadline_get_for_case(case=case, pk=pk)
    done = functools.partial(services.deadline_mark_done, actor=request.user, deadline=deadline)
    name = {"name": deadline.name}
    return confirm_page(request, case, done, question=_("Mark “%(name)s” done?") % name, button=_("Mark done"),
                        back=_tab_url(case), done=_("Marked done: %(name)s. You can undo this.") % name,
                        effects=[_("It leaves the open deadlines, the calendar feed and the reminders."),
                                 _("You can open it again from the list of done deadlines.")])


@case_view(edit=True)
def deadline_undo(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    deadline = selectors.deadline_get_for_case(case=case, pk=pk)
    undo = functools.partial(services.deadline_undo_done, actor=request.user, deadline=deadline)
    name = {"name": deadline.name}
    return confirm_page(request, case, undo, question=_("Open “%(name)s” again?") % name, button=_("Open it again"),
                        back=_tab_url(case), done=_("Open again: %(name)s.") % name,
                        effects=[_("It returns to the open deadlines, the calendar feed and the reminders.")])


@require_POST
@case_view(edit=True)
def deadline_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = CustomDeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.deadline_custom_add(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Deadline added: %(title)s.") % {"title": form.cleaned_data["title"]})
            return _back(case)
    return _tab(request, case, custom_form=form)


@case_view(edit=True)
def deadline_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    deadline = selectors.deadline_get_for_case(case=case, pk=pk)
    form_class = CustomDeadlineEditForm if deadline.is_custom else DeadlineNoteForm
    form = form_class(request.POST or None, instance=deadline, initial={"version": deadline.version})
    save = functools.partial(services.deadline_update, actor=request.user, deadline=deadline)
    return edit_page(request, case, form, save, title=_("Edit “%(name)s”") % {"name": deadline.name},
                     back=_tab_url(case), saved=_("The deadline is saved."))


@case_view(edit=True)
def deadline_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    deadline = selectors.deadline_get_for_case(case=case, pk=pk)
    effects = [_("Its reminders stop.")]
    if not deadline.is_custom:
        effects.append(_("Computing again from the same trigger or decision would bring it back."))
    delete = functools.partial(services.deadline_delete, actor=request.user, deadline=deadline)
    name = {"name": deadline.name}
    return delete_page(request, case, delete, what=_("the deadline “%(name)s”") % name, back=_tab_url(case),
                       effects=effects, deleted=_("Deadline deleted: %(name)s.") % name)


@case_view(edit=True)
def decision_edit(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    decision = selectors.decision_get_for_case(case=case, key=key)
    initial = {name: getattr(decision, name) for name in DECISION_FIELDS}
    form = DecisionEditForm(request.POST or None, case=case, initial={**initial, "version": decision.version})
    if request.method == "POST" and form.is_valid():
        notes: list[str] = []
        changes = {name: form.cleaned_data[name] for name in DECISION_FIELDS}
        try:
            services.decision_update(actor=request.user, decision=decision, notes=notes,
                                     expected_version=form.cleaned_data["version"], changes=changes)
        except StaleEdit:
            form.add_error(None, _("Someone else changed this decision since you opened it: reload and try again."))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The decision is saved."))
            for note in notes:
                messages.info(request, note)
            return _back(case)
    return render_case(request, case, "cases/record_form.html",
                       {"form": form, "title": _("Correct the decision"), "back": _tab_url(case)})


@case_view(edit=True)
def decision_delete(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    decision = selectors.decision_get_for_case(case=case, key=key)
    count, done = decision.deadlines.count(), decision.deadlines.filter(done_at__isnull=False).count()
    if done:
        effects = [ngettext("The %(count)s deadline computed from it is deleted too, %(done)s of them marked done.",
                            "The %(count)s deadlines computed from it are deleted too, %(done)s of them marked done.",
                            count) % {"count": count, "done": done}]
    else:
        effects = [ngettext("The %(count)s deadline computed from it is deleted too.",
                            "The %(count)s deadlines computed from it are deleted too.", count) % {"count": count}]
    delete = functools.partial(services.decision_delete, actor=request.user, decision=decision)
    what = _("the decision of %(date)s") % {"date": dateformat.format(decision.date, "j F Y")}
    return delete_page(request, case, delete, what=what, back=_tab_url(case),
                       effects=effects, deleted=_("The decision is deleted."))


@case_view(edit=True)
def interim_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    interim = selectors.interim_get_for_case(case=case, pk=pk)
    form = InterimEditForm(request.POST or None, instance=interim, initial={"version": interim.version})
    save = functools.partial(services.interim_request_edit, actor=request.user, interim=interim)
    return edit_page(request, case, form, save, title=_("Correct the interim request"), back=_tab_url(case),
                     saved=_("The interim request is saved."))


@case_view(edit=True)
def interim_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    interim = selectors.interim_get_for_case(case=case, pk=pk)
    delete = functools.partial(services.interim_request_delete, actor=request.user, interim=interim)
    what = _("the request for %(kind)s") % {"kind": interim.get_kind_display().lower()}
    return delete_page(request, case, delete, what=what,
                       back=_tab_url(case), effects=[], deleted=_("The interim request is deleted."))


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
            messages.success(request, _("Interim request recorded."))
            return _back(case)
    return _tab(request, case, interim_form=form)


@require_POST
@case_view(edit=True)
def interim_update(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    interim = selectors.interim_get_for_case(case=case, pk=pk)
    form = InterimStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
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
        messages.success(request, _("Feed address revoked: calendars using it stop updating."))
        return redirect("deadlines_feeds")
    if request.method == "POST" and request.POST.get("action") == "create":
        token = services.calendar_feed_create(actor=request.user, user=request.user)[1]  # type: ignore[arg-type]
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
