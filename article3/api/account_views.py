"""Personal access tokens on the account page: make one (shown once), see when each was last used, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from article3.accounts.selectors import organisation_for_user
from article3.api import services
from article3.api.forms import TokenForm
from article3.api.models import ApiToken
from article3.errors import DomainError


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    organisation = organisation_for_user(user=request.user)
    if organisation is None:  # the API is for an organisation's members: a client's account has none
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(actor=request.user, user=request.user,  # type: ignore[arg-type]
                                                  organisation=organisation, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/tokens.html", {
        "form": form, "tokens": services.tokens_for_user(user=request.user),  # type: ignore[arg-type]
        "organisation": organisation})


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user_id=request.user.pk or -1, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": token.name})
    return redirect("account_tokens")
