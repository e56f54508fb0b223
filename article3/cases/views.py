import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.accounts.models import CASE_CREATING_ROLES
from article3.accounts.selectors import actor_has_org_role, organisation_for_user
from article3.audit.services import audit_record
from article3.cases import forms, services
from article3.cases.cockpit import case_cockpit
from article3.cases.dashboard import SORTS, Filters, dashboard_rows
from article3.cases.models import Case, Stage
from article3.cases.overview import case_overview
from article3.cases.selectors import (
    NEED_TO_KNOW_ROLES,
    can_edit,
    case_get_for_user,
    case_list_for_user,
    case_role,
    need_to_know,
    shared_documents_for_user,
    shared_events_for_user,
)
from article3.errors import DomainError, NotPermitted, StaleEdit
from article3.snapshots import page_parts

CaseView = Callable[..., HttpResponseBase]


def case_view(*, edit: bool = False, page: str = "", shared: bool = False,
              reader_post: bool = False) -> Callable[[CaseView], CaseView]:
    """Load the case through the access selector (404 for outsiders), check editing rights,
    and audit each view of a sensitive page. `shared` marks the few views that read through the
    share-aware selectors, the only ones interpreters and experts reach. `reader_post` marks a POST
    that changes nothing of the case (it asks for a file to be made from it): reading suffices."""

    def decorator(view: CaseView) -> CaseView:
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, case_id: str, **kwargs: Any) -> HttpResponseBase:
            case = case_get_for_user(user=request.user, public_id=case_id, shared=shared)
            posted = request.method == "POST" and not reader_post
            if (edit or posted) and not can_edit(user=request.user, case=case):
                raise PermissionDenied
            if page and request.method == "GET":
                audit_record(actor=request.user, action="cases.page.viewed", object_key=page,
                             organisation_id=case.organisation_id, case_id=case.pk)
            return view(request, case, **kwargs)

        return wrapped

    return decorator


def render_case(request: HttpRequest, case: Case, template: str, context: dict[str, Any]) -> HttpResponse:
    role = case_role(user=request.user, case=case)
    context = {"case": case, "can_edit": can_edit(user=request.user, case=case), "role": role,
               "need_to_know": role in NEED_TO_KNOW_ROLES, **context}
    return render(request, template, context)


def save_versioned(
    request: HttpRequest, case: Case, form: ModelForm, save: Callable[..., Any]  # type: ignore[type-arg]
) -> HttpResponse | None:
    """Run a versioned save; on a stale edit show both versions (409) instead of overwriting."""
    changes = {f: form.cleaned_data[f] for f in form._meta.fields or []}
    try:
        save(expected_version=form.cleaned_data["version"], changes=changes)
    except StaleEdit as stale:
        current = {f: getattr(stale.current, f) for f in changes}
        rows = [(f, current[f], changes[f]) for f in changes if current[f] != changes[f]]
        response = render_case(request, case, "cases/stale.html", {"rows": rows})
        response.status_code = 409
        return response
    return None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from article3.coi.selectors import alerts_for_user
    from article3.deadlines.selectors import upcoming_for_user
    from article3.remedies.selectors import alarms_for_user

    filters = Filters.from_query(request.GET.dict())
    return render(request, "cases/dashboard.html", {
        "rows": dashboard_rows(user=request.user, filters=filters), "filters": filters, "sorts": SORTS,
        "stages": Stage.choices, "any_case": case_list_for_user(user=request.user, shared=True).exists(),
        "deadlines": upcoming_for_user(user=request.user, days=60),
        "coi_alerts": alerts_for_user(user=request.user),
        "removal_alarms": alarms_for_user(user=request.user, today=timezone.localdate())})


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    form = forms.CaseCreateForm(request.POST or None)
    org = organisation_for_user(user=request.user)
    if org is None or not actor_has_org_role(actor=request.user, organisation_id=org.pk, roles=CASE_CREATING_ROLES):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, organisation=org, owner_id=request.user.pk,
                                        **form.cleaned_data)
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("case_intake", case_id=case.public_id)
    return render(request, "cases/case_create.html", {"form": form})


@case_view(page="overview", shared=True)
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    if need_to_know(user=request.user, case=case):
        from article3.docs.selectors import declarations_shared_with

        return render_case(request, case, "cases/shared.html", {
            "documents": shared_documents_for_user(user=request.user, case=case).order_by("pk"),
            "events": shared_events_for_user(user=request.user, case=case).order_by("pk"),
            "declarations": declarations_shared_with(user=request.user, case=case).order_by("-pk")})
    from article3.hearing.logistics import open_items_soon
    from article3.remedies.selectors import emergency_for_case
    from article3.remedies.views import steps

    today = timezone.localdate()
    panel = emergency_for_case(case=case, today=today)
    # What to do next is worked out from the whole case: once per state of the case and day.
    cockpit = page_parts(case, "overview", extra=[today]).worked_out("cockpit", lambda: case_cockpit(case=case))
    return render_case(request, case, "cases/overview.html", {"overview": case_overview(case=case),
                                                              "cockpit": cockpit,
                                                              "hearing_open": open_items_soon(case=case),
                                                              "panel": panel, "steps": steps(panel)})


@case_view(edit=True)
def case_edit(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.CaseForm(request.POST or None, instance=case, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        notes: list[str] = []
        save = functools.partial(services.case_update, actor=request.user, case=case, notes=notes)
        stale = save_versioned(request, case, form, save)
        if stale is not None:
            return stale
        messages.success(request, _("The case is saved."))
        for note in notes:
            messages.info(request, _("Deadlines: %(note)s") % {"note": note})
        return redirect("case_detail", case_id=case.public_id)
    return render_case(request, case, "cases/case_edit.html", {"form": form})


@case_view(page="people")
def people(request: HttpRequest, case: Case) -> HttpResponse:
    return render_case(request, case, "cases/people.html", {
        "people": case.people.all(), "agents": case.feared_agents.all(),
        "person_form": forms.PersonForm(), "agent_form": forms.AgentForm()})


@require_POST
@case_view(edit=True)
def person_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.PersonForm(request.POST)
    if form.is_valid():
        services.person_add(actor=request.user, case=case, **form.cleaned_data)
    return redirect((request.POST.get("back") == "intake" and "case_intake") or "case_people", case_id=case.public_id)


@require_POST
@case_view(edit=True)
def agent_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.AgentForm(request.POST)
    if form.is_valid():
        services.feared_agent_add(actor=request.user, case=case, **form.cleaned_data)
    return redirect("case_intake", case_id=case.public_id)


@case_view(page="safety_plan")
def safety_plan(request: HttpRequest, case: Case) -> HttpResponse:
    plan = case.safety_plan
    form = forms.SafetyPlanForm(request.POST or None, instance=plan, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        save = functools.partial(services.safety_plan_update, actor=request.user, plan=plan)
        stale = save_versioned(request, case, form, save)
        return stale or redirect("case_safety_plan", case_id=case.public_id)
    return render_case(request, case, "cases/safety_plan.html", {"form": form, "plan": plan})


@case_view(page="safety_plan_print")
def safety_plan_print(request: HttpRequest, case: Case) -> HttpResponse:
    """One page to hand to the client, in their language (the applicant's, unless another is asked for)."""
    from django.conf import settings
    from django.utils import translation

    offered = dict(settings.LANGUAGES)
    from article3.portal.safety import client_language

    language = request.GET.get("language") or client_language(case)
    with translation.override(language if language in offered else translation.get_language()):
        return render_case(request, case, "cases/safety_plan_print.html", {
            "plan": case.safety_plan, "print_languages": settings.LANGUAGES,
            "LANGUAGE_CODE": translation.get_language(), "LANGUAGE_BIDI": translation.get_language_bidi()})

