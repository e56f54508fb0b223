"""The organisation's interpreter list (Organisation → Interpreters) and a case's bookings (Hearing → Interpreters)."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from article3.cases.models import Case
from article3.cases.records import delete_page, edit_page
from article3.cases.views import case_view, render_case
from article3.errors import DomainError, StaleEdit
from article3.interpreters import checks, selectors, services
from article3.interpreters.forms import BookingEditForm, BookingForm, InterpreterEditForm, InterpreterForm
from article3.interpreters.models import BookingKind

# --- the organisation's list ------------------------------------------------------------------------


@login_required
def interpreter_list(request: HttpRequest) -> HttpResponse:
    organisation = selectors.interpreters_organisation(user=request.user)
    form = InterpreterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interpreter = services.interpreter_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s is on the interpreter list.") % {"name": interpreter.name})
            return redirect("org_interpreters")
    return render(request, "interpreters/list.html", {
        "organisation": organisation, "interpreters": selectors.interpreter_list(organisation=organisation),
        "form": form})


@login_required
def interpreter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.interpreters_organisation(user=request.user)
    interpreter = selectors.interpreter_get(organisation=organisation, pk=pk)
    form = InterpreterEditForm(request.POST or None, instance=interpreter, initial={"version": interpreter.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.INTERPRETER_FIELDS}
        try:
            services.interpreter_update(actor=request.user, interpreter=interpreter,
                                        expected_version=form.cleaned_data["version"], changes=changes)
        except StaleEdit:
            form.add_error(None, _("Someone else changed this interpreter after you opened the page, so nothing "
                                   "was saved. Open the list again to see their version, then edit again."))
            status = 409
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": form.cleaned_data["name"]})
            return redirect("org_interpreters")
    return render(request, "interpreters/edit.html", {"form": form, "interpreter": interpreter}, status=status)


@login_required
def interpreter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.interpreters_organisation(user=request.user)
    interpreter = selectors.interpreter_get(organisation=organisation, pk=pk)
    if request.method == "POST":
        services.interpreter_delete(actor=request.user, interpreter=interpreter)
        messages.success(request, _("%(name)s is off the interpreter list.") % {"name": interpreter.name})
        return redirect("org_interpreters")
    return render(request, "interpreters/delete.html", {"interpreter": interpreter,
                                                        "bookings": interpreter.bookings.count()})


# --- a case's bookings ------------------------------------------------------------------------------


def _bookings_url(case: Case) -> str:
    return reverse("case_hearing_interpreters", kwargs={"case_id": case.public_id})


@case_view(page="hearing_interpreters")
def bookings(request: HttpRequest, case: Case) -> HttpResponse:
    rows = [(b, checks.booking_findings(b)) for b in selectors.booking_list(case=case)]
    return render_case(request, case, "interpreters/bookings.html", {"rows": rows})


def _initial(case: Case) -> dict[str, object]:
    """A new booking asks, by default, for what the applicant needs."""
    from article3.interpreters.languages import language_name

    applicant = case.applicant
    care = getattr(case, "interview_care", None)
    return {"kind": BookingKind.HEARING if case.hearing_date else BookingKind.MEETING,
            "language": language_name(applicant.interpreter_language), "dialect": applicant.interpreter_dialect,
            "gender": gender_from_words(care.interpreter_gender if care is not None else "")}


def gender_from_words(text: str) -> str:
    """The gender the interview notes ask the interpreter to be, when they say it plainly."""
    words = set(text.casefold().replace(",", " ").replace(".", " ").split())
    if words & {"woman", "female", "women", "femme"}:
        return "woman"
    if words & {"man", "male", "men", "homme"}:
        return "man"
    return ""


@case_view(edit=True)
def booking_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = BookingForm(request.POST or None, case=case, initial=_initial(case))
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_add(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            name = booking.interpreter.name if booking.interpreter else _("The interpreter")
            messages.success(request, _("%(name)s is booked for %(occasion)s.") % {
                "name": name, "occasion": checks.occasion(booking)})
            return redirect(_bookings_url(case))
    return render_case(request, case, "interpreters/booking_form.html", {"form": form,
                                                                        "title": _("Book an interpreter")})


@case_view(edit=True)
def booking_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    booking = selectors.booking_get(case=case, pk=pk)
    form = BookingEditForm(request.POST or None, case=case, instance=booking, initial={"version": booking.version})
    save = functools.partial(services.booking_update, actor=request.user, booking=booking)
    return edit_page(request, case, form, save, title=_("Change the booking"), back=_bookings_url(case),
                     saved=_("The booking is saved."))


@case_view(edit=True)
def booking_delete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    booking = selectors.booking_get(case=case, pk=pk)
    booking.case = case
    name = booking.interpreter.name if booking.interpreter else _("the interpreter")
    effects = [_("The case warns again that no interpreter is booked for the hearing, if none other is.")] \
        if booking.kind == BookingKind.HEARING else []
    delete = functools.partial(services.booking_delete, actor=request.user, booking=booking)
    return delete_page(request, case, delete, what=_("the booking of %(name)s for %(occasion)s") % {
        "name": name, "occasion": checks.occasion(booking)}, back=_bookings_url(case), effects=effects,
        deleted=_("The booking is deleted."))
