"""Webhooks: other systems told when something happens in the organisation's cases.

What happens is read from the audit log (every change is audited, in its own transaction): an audit
entry whose action is in EVENTS becomes one delivery per endpoint that asked for that event, in the
same transaction, and a task sends it once the change commits. A message carries ids and links only,
never case text; it is signed with the endpoint's secret (HMAC-SHA256 over "timestamp.body", the
scheme of the common webhook providers); a failed attempt is tried again later, with growing waits,
up to MAX_ATTEMPTS, and each outcome is kept for the delivery log on the admin page.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.audit.services import Actor, actor_label, audit_record
from article3.errors import DomainError

logger = logging.getLogger(__name__)

# audit action -> webhook event
EVENTS = {
    "deadlines.custom.added": "deadline.created",
    "deadlines.deadlines.computed": "deadline.created",
    "deadlines.deadline.updated": "deadline.changed",
    "deadlines.deadline.done": "deadline.changed",
    "deadlines.deadline.reopened": "deadline.changed",
    "deadlines.deadline.moved": "deadline.changed",
    "deadlines.deadline.recomputed": "deadline.changed",
    "deadlines.deadline.deleted": "deadline.changed",
    "deadlines.deadlines.forum_changed": "deadline.changed",
    "evidence.document.processed": "document.ready",
    "bundles.build.done": "bundle.built",
    "coi.alert.created": "coi.alert",
}
MAX_ATTEMPTS = 5
FIRST_WAIT = datetime.timedelta(seconds=30)  # then 2, 8 and 32 minutes
TIMEOUT_SECONDS = 10
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _check_url(url: str) -> str:
    """An https address (plain http only to this machine, for testing) whose host is not on a private
    network, unless the server allows those: an admin's address must not reach the server's
    neighbours (cloud metadata, databases, admin consoles). Checked again at each sending."""
    parts = urlsplit(url.strip())
    local = parts.hostname in LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise DomainError(_("Use an https:// address: the messages must not cross the network unencrypted "
                            "(plain http is accepted only for this machine, for testing)."))
    if not parts.hostname:
        raise DomainError(_("The address has no host name: give it as https://host/path."))
    with contextlib.suppress(socket.gaierror):  # not found now: accepted, and checked again at each sending
        _addresses(parts.hostname, parts.port or 443)
    return url.strip()


def _addresses(host: str, port: int) -> list[str]:
    """The addresses `host` stands for, refused when one is private and private ones are not allowed."""
    found = [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    if not settings.WEBHOOK_PRIVATE_ADDRESSES:
        for address in found:
            ip = ipaddress.ip_address(address.split("%")[0])
            mapped = getattr(ip, "ipv4_mapped", None)
            if not (mapped or ip).is_global or ip.is_multicast:
                raise DomainError(_("%(host)s is an address on a private network or this server (%(address)s): "
                                    "webhooks go to addresses on the internet, unless the server's administrator "
                                    "allows private ones (see the deployment guide).")
                                  % {"host": host, "address": address})
    return found


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body`, connecting to an address checked by `_addresses` (so that a name that changes its
    address between the check and the connection cannot reach a private one); redirects are not followed."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _addresses(parts.hostname or "", port)[0]
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname or "", port, timeout=TIMEOUT_SECONDS,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname or "", port, timeout=TIMEOUT_SECONDS)
    # The TLS check still names the host; only the address connected to is the checked one.
    connection._create_connection = (  # type: ignore[attr-defined]
        lambda where, *args, **kwargs: socket.create_connection((address, where[1]), *args, **kwargs))
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body, headers)
        return connection.getresponse().status
    finally:
        connection.close()


@transaction.atomic
def endpoint_add(*, actor: Actor, organisation: Organisation, url: str, events: list[str]) -> Any:
    """Add an endpoint with a new secret (shown once on the page that adds it)."""
    from article3.api.models import WebhookEndpoint, WebhookEvent

    unknown = set(events) - set(WebhookEvent.values)
    if not events or unknown:
        raise DomainError(_("Choose at least one thing to be told about."))
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation, url=_check_url(url), secret=f"whsec_{secrets.token_urlsafe(32)}",
        events=sorted(events), created_by=actor_label(actor)[:100])
    audit_record(actor=actor, action="api.webhook.added", obj=endpoint, organisation_id=organisation.pk,
                 detail={"events": endpoint.events})
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: Actor, endpoint: Any) -> None:
    audit_record(actor=actor, action="api.webhook.deleted", obj=endpoint, organisation_id=endpoint.organisation_id)
    endpoint.delete()


@transaction.atomic
def ping(*, actor: Actor, endpoint: Any) -> Any:
    """Send a test message to the endpoint now (through the queue, like every other)."""
    audit_record(actor=actor, action="api.webhook.pinged", obj=endpoint, organisation_id=endpoint.organisation_id)
    return _queue(endpoint, "ping", {"organisation": endpoint.organisation.slug})


def payload_for(entry: AuditEntry, event: str) -> dict[str, Any]:
    """Ids and links: which case and which record, never what it says."""
    from article3.cases.models import Case

    case = Case.objects.filter(pk=entry.case_id).only("public_id").first() if entry.case_id else None
    data: dict[str, Any] = {"object": {"type": entry.object_type, "id": entry.object_key}}
    if case is not None:
        case_id = str(case.public_id)
        data["case"] = case_id
        data["links"] = {"case": settings.SITE_URL + reverse("case_detail", kwargs={"case_id": case_id}),
                         "api": settings.SITE_URL + f"/api/v1/cases/{case_id}/"}
    return data


def announce(entry: AuditEntry) -> None:
    """Queue a delivery of `entry` to each endpoint of its organisation that asked for its event."""
    from article3.api.models import WebhookEndpoint

    event = EVENTS.get(entry.action)
    if event is None or entry.organisation_id is None:
        return
    endpoints = [e for e in WebhookEndpoint.objects.filter(organisation_id=entry.organisation_id)
                 if event in e.events]
    for endpoint in endpoints:
        _queue(endpoint, event, payload_for(entry, event))


def _queue(endpoint: Any, event: str, data: dict[str, Any]) -> Any:
    from article3.api.models import WebhookDelivery
    from article3.api.tasks import webhook_deliver
    from article3.tasking import enqueue_with_transaction

    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, payload={})
    delivery.payload = {"id": delivery.pk, "event": event, "occurred_at": timezone.now().isoformat(), **data}
    delivery.save(update_fields=["payload"])
    enqueue_with_transaction(webhook_deliver, delivery.pk)
    return delivery


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """What the X-Article3-Signature header carries; receivers compute it again to check a message."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def deliver(delivery: Any) -> Any:
    """One attempt: POST the message; record the outcome; schedule the next attempt after a failure."""
    from article3.api.models import DeliveryStatus

    if delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED):
        return delivery  # a task run twice sends nothing twice
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "User-Agent": "Article3-Webhooks/1",
               "X-Article3-Event": delivery.event, "X-Article3-Delivery": str(delivery.pk),
               "X-Article3-Timestamp": timestamp, "X-Article3-Signature": signature(endpoint.secret, timestamp, body)}
    code, error = None, ""
    try:
        code = _post(endpoint.url, body, headers)
        if not 200 <= code < 300:
            error = f"The endpoint answered {code}."
    except DomainError as exc:
        error = str(exc)
    except OSError as exc:  # refused, timed out, TLS, name not found
        error = f"The endpoint could not be reached ({type(exc).__name__})."
    delivery.attempts += 1
    delivery.response_code = code
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.error, delivery.delivered_at = DeliveryStatus.DELIVERED, "", timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.error, delivery.next_attempt_at = DeliveryStatus.FAILED, error, None
    else:
        delivery.status, delivery.error = DeliveryStatus.RETRYING, error
        delivery.next_attempt_at = timezone.now() + FIRST_WAIT * 4 ** (delivery.attempts - 1)
    delivery.save()
    if delivery.status == DeliveryStatus.RETRYING:
        _retry_later(delivery)
    logger.info("webhook delivery %s: attempt %s, %s", delivery.pk, delivery.attempts, delivery.status)
    return delivery


def _retry_later(delivery: Any) -> None:
    """Queue the next attempt for its time. The database and Redis backends can wait; the immediate
    backend (tests only) cannot, and the test sends the next attempt itself."""
    from article3.api.tasks import webhook_deliver

    if webhook_deliver.get_backend().supports_defer:
        webhook_deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
