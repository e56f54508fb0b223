"""Organisation admin: the people of the organisation, their roles, accounts and second factors."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from article3.accounts import services
from article3.accounts.models import Membership, Organisation, Role
from article3.accounts.selectors import is_org_admin, organisation_for_user
from article3.errors import DomainError


class InviteForm(forms.Form):
    email = forms.EmailField(label=pgettext_lazy("invitation form", "Email"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices, initial=Role.PARALEGAL)


def admin_organisation(request: HttpRequest) -> Organisation:
    """The organisation the signed-in user administers; 404 for anyone else."""
    organisation = organisation_for_user(user=request.user)
    if organisation is None or not is_org_admin(user=request.user, organisation_id=organisation.pk):
        raise Http404
    return organisation


def _member(organisation: Organisation, user_id: int) -> User:
    return get_object_or_404(Membership, organisation=organisation, user_id=user_id).user


@login_required
def users(request: HttpRequest) -> HttpResponse:
    organisation = admin_organisation(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited, link = services.user_invite(actor=request.user, organisation=organisation,
                                                 email=form.cleaned_data["email"], role=form.cleaned_data["role"])
        except DomainError as exc:
            form.add_error("email", str(exc))
        else:
            note = (_("%(email)s is invited: the link below was sent to them by e-mail.") if services.mail_configured()
                    else _("%(email)s is invited: the link below is not sent: e-mail is not set up.")) % {
                "email": invited.email}
            return _users_page(request, organisation, InviteForm(), link=link, note=note)
    return _users_page(request, organisation, form)


def _users_page(request: HttpRequest, organisation: Organisation, form: InviteForm, *, link: str = "",
                note: str = "") -> HttpResponse:
    """The list; a one-time link is shown in the page itself, never kept in a message cookie."""
    members = Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")
    enrolled = set(TOTPDevice.objects.filter(user__memberships__organisation=organisation, confirmed=True)
                   .values_list("user_id", flat=True))
    return render(request, "accounts/org_users.html", {
        "organisation": organisation, "members": members, "enrolled": enrolled, "form": form, "link": link,
        "note": note, "roles": Role.choices})


def _act(request: HttpRequest, user_id: int, act: Callable[[Organisation, User], str]) -> HttpResponse:
    organisation = admin_organisation(request)
    person = _member(organisation, user_id)
    try:
        messages.success(request, act(organisation, person))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("org_users")


@require_POST
@login_required
def user_role(request: HttpRequest, user_id: int) -> HttpResponse:
    def act(organisation: Organisation, person: User) -> str:
        services.membership_role_set(actor=request.user, organisation=organisation, user=person,
                                     role=request.POST.get("role", ""))
        return _("%(email)s's role was changed.") % {"email": person.email}

    return _act(request, user_id, act)


@require_POST
@login_required
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    def act(organisation: Organisation, person: User) -> str:
        active = request.POST.get("active") == "1"
        if not active and person.pk == request.user.pk:
            raise DomainError(_("You cannot deactivate your own account."))
        services.user_active_set(actor=request.user, organisation=organisation, user=person, active=active)
        done = _("%(email)s was reactivated.") if active else _("%(email)s was deactivated and signed out.")
        return done % {"email": person.email}

    return _act(request, user_id, act)


@require_POST
@login_required
def user_second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    def act(organisation: Organisation, person: User) -> str:
        services.second_factor_reset(actor=request.user, organisation=organisation, user=person)
        return _("%(email)s's second factor was removed; they set up a new one at their next sign-in.") % {
            "email": person.email}

    return _act(request, user_id, act)


@require_POST
@login_required
def user_link(request: HttpRequest, user_id: int) -> HttpResponse:
    """A new one-time set-password link, for someone who lost theirs or their password."""
    organisation = admin_organisation(request)
    person = _member(organisation, user_id)
    link = services.password_link_issue(actor=request.user, organisation=organisation, user=person)
    note = _("A new link for %(email)s: it works once, to choose a password.") % {"email": person.email}
    return _users_page(request, organisation, InviteForm(), link=link, note=note)


@require_POST
@login_required
def second_factor_policy(request: HttpRequest) -> HttpResponse:
    organisation = admin_organisation(request)
    required = request.POST.get("required") == "1"
    services.organisation_second_factor_set(actor=request.user, organisation=organisation, required=required)
    messages.success(request, _("Everyone now needs a second factor to open cases.") if required
                     else _("A second factor is now optional."))
    return redirect("org_users")
