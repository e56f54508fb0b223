"""Webhooks (issue 22): a change in a case reaches the organisation's endpoints, signed, with ids and
links only; a failing endpoint is tried again with growing waits and then given up; the admin page adds
endpoints (secret shown once), sends a test message and shows the delivery log."""

import datetime
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from selenium import webdriver
from selenium.webdriver.common.by import By

from article3.accounts.models import Organisation, Role
from article3.api import webhooks
from article3.api.models import DeliveryStatus, WebhookDelivery
from article3.cases.models import Case
from article3.deadlines.services import deadline_custom_add
from article3.errors import DomainError
from tests.conftest import PASSWORD, client_for, make_user
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401  (the fixture)


class Receiver:
    """A local HTTP server that keeps what it is sent and answers with `status`."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 204
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/article3"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    """A receiver on this machine, which the server is told it may reach (it is refused by default)."""
    settings.WEBHOOK_PRIVATE_ADDRESSES = True
    found = Receiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


def _add_deadline(case: Case, capture: Any, title: str = "Call Ms Canary") -> None:
    with capture(execute=True):  # the task is sent once the change commits
        deadline_custom_add(actor="test", case=case, title=title, due=datetime.date(2027, 1, 5))


@pytest.mark.django_db
def test_a_new_deadline_reaches_the_endpoint_signed_and_with_ids_only(
        case: Case, org_b: Organisation, receiver: Receiver, django_capture_on_commit_callbacks: Any) -> None:
    endpoint = webhooks.endpoint_add(actor="test", organisation=case.organisation, url=receiver.url,
                                     events=["deadline.created"])
    elsewhere = webhooks.endpoint_add(actor="test", organisation=org_b, url=receiver.url,
                                      events=["deadline.created"])
    other_news = webhooks.endpoint_add(actor="test", organisation=case.organisation, url=receiver.url,
                                       events=["bundle.built"])
    _add_deadline(case, django_capture_on_commit_callbacks)

    (message,) = receiver.received
    headers, body = message["headers"], message["body"]
    assert headers["X-Article3-Event"] == "deadline.created"
    assert headers["X-Article3-Signature"] == webhooks.signature(endpoint.secret, headers["X-Article3-Timestamp"],
                                                                 body)
    assert headers["X-Article3-Signature"] != webhooks.signature(elsewhere.secret,
                                                                 headers["X-Article3-Timestamp"], body)
    payload = json.loads(body)
    assert payload["case"] == str(case.public_id) and payload["object"]["type"] == "deadlines.deadline"
    assert payload["links"]["case"].endswith(f"/cases/{case.public_id}/")
    assert "Canary" not in body.decode(), "the deadline's title stays home"
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 1, 204)
    assert not WebhookDelivery.objects.filter(endpoint__in=[elsewhere, other_news]).exists()


@pytest.mark.django_db
def test_a_failing_endpoint_is_tried_again_then_given_up(case: Case, receiver: Receiver,
                                                         django_capture_on_commit_callbacks: Any) -> None:
    receiver.status = 503
    endpoint = webhooks.endpoint_add(actor="test", organisation=case.organisation, url=receiver.url,
                                     events=["deadline.created"])
    _add_deadline(case, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.RETRYING, 1, 503)
    assert delivery.error == "The endpoint answered 503." and delivery.next_attempt_at is not None
    first_wait = delivery.next_attempt_at - delivery.created_at
    webhooks.deliver(delivery)
    assert delivery.next_attempt_at - delivery.created_at > first_wait * 3, "the waits grow"
    for _ in range(webhooks.MAX_ATTEMPTS - 2):
        webhooks.deliver(delivery)
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (DeliveryStatus.FAILED, 5, None)
    webhooks.deliver(delivery)
    assert delivery.attempts == 5 and len(receiver.received) == 5, "given up: nothing more is sent"

    receiver.status = 200
    delivered = WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={"id": 0})
    webhooks.deliver(delivered)
    webhooks.deliver(delivered)
    assert delivered.status == DeliveryStatus.DELIVERED and len(receiver.received) == 6, "delivered once"


@pytest.mark.django_db
def test_an_unreachable_endpoint_says_so(case: Case, settings: Any) -> None:
    settings.WEBHOOK_PRIVATE_ADDRESSES = True
    endpoint = webhooks.endpoint_add(actor="test", organisation=case.organisation, url="http://127.0.0.1:9/x",
                                     events=["coi.alert"])
    delivery = webhooks.deliver(WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={}))
    assert delivery.status == DeliveryStatus.RETRYING and "could not be reached" in delivery.error


@pytest.mark.django_db
def test_only_https_leaves_this_machine_and_something_must_be_chosen(case: Case) -> None:
    with pytest.raises(DomainError, match="https://"):
        webhooks.endpoint_add(actor="test", organisation=case.organisation, url="http://cms.example.org/hook",
                              events=["deadline.created"])
    with pytest.raises(DomainError, match="at least one"):
        webhooks.endpoint_add(actor="test", organisation=case.organisation, url="https://cms.example.org/hook",
                              events=[])


@pytest.mark.django_db(transaction=True)
def test_the_admin_page_shows_the_secret_once_and_logs_a_test_message(org_a: Organisation, alice: User,
                                                                      receiver: Receiver) -> None:
    admin = make_user(org_a, "admin@example.org", Role.ADMIN)
    page = client_for(admin)
    url = reverse("org_webhooks")
    refused = page.post(url, {"url": "http://cms.example.org/hook", "events": ["deadline.created"]})
    assert "Use an https:// address" in refused.content.decode()
    added = page.post(url, {"url": receiver.url, "events": ["deadline.created", "document.ready"]}).content.decode()
    endpoint = org_a.webhooks.get()
    assert endpoint.secret in added and "shown this once" in added
    assert endpoint.secret not in page.get(url).content.decode()
    page.post(reverse("org_webhook_ping", kwargs={"pk": endpoint.pk}))
    assert [m["headers"]["X-Article3-Event"] for m in receiver.received] == ["ping"]
    log = page.get(url).content.decode()
    assert "A test message sent from this page" in log and "Delivered" in log
    assert client_for(alice).get(url).status_code == 404, "an attorney is not the organisation's admin"


@pytest.mark.django_db(transaction=True)
def test_an_admin_adds_a_webhook_tests_it_and_deletes_it(browser: webdriver.Chrome,  # noqa: F811
                                                         live_server: object, receiver: Receiver) -> None:
    org = Organisation.objects.create(slug="clinic", name="Clinic")
    make_user(org, "admin@example.org", Role.ADMIN)
    base = live_server.url  # type: ignore[attr-defined]
    assert PASSWORD

    _sign_in(browser, base, "admin@example.org")
    browser.get(f"{base}/accounts/")
    _submit(browser, browser.find_element(By.LINK_TEXT, "Webhooks"))
    assert "No webhooks yet" in browser.page_source
    browser.find_element(By.ID, "id_url").send_keys(receiver.url)
    browser.find_element(By.XPATH, "//label[contains(., 'A bundle is built')]").click()
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Add the webhook']"))
    secret = browser.find_element(By.CSS_SELECTOR, "#new-secret code").text
    assert secret.startswith("whsec_") and secret == org.webhooks.get().secret

    browser.get(f"{base}/org/webhooks/")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Send a test message']"))
    assert "A test message is on its way" in browser.page_source
    assert "Delivered" in browser.find_element(By.ID, "deliveries").text
    assert len(receiver.received) == 1

    _submit(browser, browser.find_element(By.LINK_TEXT, "Delete"))
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Delete']"))
    assert "No webhooks yet" in browser.page_source and not org.webhooks.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["https://10.0.0.5/hook", "https://169.254.169.254/latest/meta-data",
                                 "https://[::1]/hook", "https://localhost:8443/hook", "https://100.64.0.1/",
                                 "https://[::ffff:192.168.1.1]/hook", "http://127.0.0.1:8000/admin"])
def test_private_addresses_are_refused(case: Case, url: str) -> None:
    with pytest.raises(DomainError, match="private network"):
        webhooks.endpoint_add(actor="test", organisation=case.organisation, url=url, events=["coi.alert"])
    assert not case.organisation.webhooks.exists()


@pytest.mark.django_db
def test_a_private_address_is_checked_again_when_sending(case: Case, receiver: Receiver, settings: Any) -> None:
    """An address allowed when it was added (or a name whose address has changed since) is not reached."""
    endpoint = webhooks.endpoint_add(actor="test", organisation=case.organisation, url=receiver.url,
                                     events=["coi.alert"])
    settings.WEBHOOK_PRIVATE_ADDRESSES = False
    delivery = webhooks.deliver(WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={}))
    assert "private network" in delivery.error and delivery.status == DeliveryStatus.RETRYING
    assert receiver.received == [], "nothing was sent"


@pytest.mark.django_db
def test_a_redirect_is_not_followed(case: Case, receiver: Receiver) -> None:
    receiver.status = 302  # with no Location a client that follows would fail differently; one that does not stops
    endpoint = webhooks.endpoint_add(actor="test", organisation=case.organisation, url=receiver.url,
                                     events=["coi.alert"])
    delivery = webhooks.deliver(WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={}))
    assert delivery.response_code == 302 and delivery.error == "The endpoint answered 302."
    assert len(receiver.received) == 1
