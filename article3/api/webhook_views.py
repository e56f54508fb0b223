"""The organisation admin's webhooks page: endpoints, their secrets (shown once), a test message and
the delivery log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from article3.accounts.admin_views import admin_organisation
from article3.accounts.models import Organisation
from article3.api import webhooks
from article3.api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from article3.errors import DomainError

LOG_ROWS = 50


class WebhookForm(forms.Form):
    url = forms.URLField(max_length=500, label=gettext_lazy("Address"), assume_scheme="https",
                         help_text=gettext_lazy("Where your other system receives the messages (https://…)."))
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Tell it when"), widget=forms.CheckboxSelectMultiple,
        choices=[(e.value, e.label) for e in WebhookEvent if e != WebhookEvent.PING],
        error_messages={"required": gettext_lazy("Choose at least one thing to be told about.")})


def _page(request: HttpRequest, organisation: Organisation, form: WebhookForm, **extra: object) -> HttpResponse:
    return render(request, "api/webhooks.html", {
        "form": form, "endpoints": organisation.webhooks.all(),
        "log": WebhookDelivery.objects.filter(endpoint__organisation=organisation).select_related("endpoint")[
            :LOG_ROWS], **extra})


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    organisation = admin_organisation(request)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.endpoint_add(actor=request.user, organisation=organisation,
                                             url=form.cleaned_data["url"], events=form.cleaned_data["events"])
        except DomainError as exc:
            form.add_error("url", str(exc))
        else:
            return _page(request, organisation, WebhookForm(), created=endpoint)
    return _page(request, organisation, form)


@login_required
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(admin_organisation(request).webhooks, pk=pk)
    if request.method == "POST":
        webhooks.endpoint_delete(actor=request.user, endpoint=endpoint)
        messages.success(request, _("Webhook to %(url)s deleted: nothing more is sent there.") % {"url": endpoint.url})
        return redirect("org_webhooks")
    return render(request, "api/webhook_delete.html", {"endpoint": endpoint})


@require_POST
@login_required
def webhook_ping(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint: WebhookEndpoint = get_object_or_404(admin_organisation(request).webhooks, pk=pk)
    webhooks.ping(actor=request.user, endpoint=endpoint)
    messages.info(request, _("A test message is on its way to %(url)s: its outcome shows in the log below.")
                  % {"url": endpoint.url})
    return redirect("org_webhooks")
