"""Monitoring: feeds polled from a local HTTP server, new items imported and matched to cases."""

import datetime
import json
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from article3.accounts.models import Organisation
from article3.audit.models import AuditEntry
from article3.cases.models import Case, Stage
from article3.cases.services import case_create
from article3.coi.feeds import source_add, source_poll, sources_poll
from article3.coi.models import CoiAlert, CoiSource, Report
from article3.coi.selectors import alerts_for_case, alerts_for_user
from article3.coi.tasks import poll_feeds
from tests.coi.feedserver import FeedServer, Resource, atom, feed_server, rss
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ARREST = ("cm-1", "Returnees arrested at Douala airport", "Fri, 02 May 2025 09:00:00 GMT",
          "<p>Deported asylum seekers were arrested on arrival and held by the gendarmerie.</p>"
          "<p>Officials said the checks would continue.</p>")
ELECTION = ("cm-2", "Election date announced", "Sat, 03 May 2025 10:00:00 GMT",
            "<p>The electoral commission announced the date of the next presidential election.</p>")


@pytest.fixture(autouse=True)
def _local_feeds(settings: object) -> None:
    settings.COI_FEEDS_ALLOW_PRIVATE = True  # type: ignore[attr-defined]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as running:
        yield running


def watch(org: Organisation, server: FeedServer, path: str, countries: str = "CM") -> CoiSource:
    return source_add(actor="test", organisation=org, name=path, url=server.url(path), countries=countries,
                      publisher="News Agency")


@pytest.fixture
def watching_case(case: Case) -> Case:
    case.risk_terms = "arrest, gendarmerie, returnee"
    case.save()
    return case


def test_new_items_become_reports(org_a: Organisation, server: FeedServer) -> None:
    server.resources["/rss"] = Resource(rss(ARREST, ELECTION), etag='"v1"')
    source = watch(org_a, server, "/rss")
    result = source_poll(source=source)
    assert (result.status, result.new_reports) == ("ok", 2)
    report = Report.objects.get(source=source, source_guid="cm-1")
    assert report.title == "Returnees arrested at Douala airport" and report.publisher == "News Agency"
    assert report.date == datetime.date(2025, 5, 2) and report.doc_type == "news"
    assert report.url == "https://news.example.org/cm-1" and report.file_type == "html"
    assert list(report.countries.values_list("code", flat=True)) == ["CM"]
    assert list(report.passages.values_list("text", flat=True)) == [
        "Deported asylum seekers were arrested on arrival and held by the gendarmerie.",
        "Officials said the checks would continue."]
    assert report.passages.first().heading == "Returnees arrested at Douala airport"  # type: ignore[union-attr]
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.last_status == "ok" and source.items_imported == 2


def test_an_unchanged_feed_answers_304_and_costs_nothing(org_a: Organisation, server: FeedServer) -> None:
    server.resources["/rss"] = Resource(rss(ARREST), etag='"v1"')
    source = watch(org_a, server, "/rss")
    source_poll(source=source)
    source.refresh_from_db()
    again = source_poll(source=source)
    assert again.status == "not_modified" and again.new_reports == 0
    assert server.headers_for("/rss")[-1]["If-None-Match"] == '"v1"'
    source.refresh_from_db()
    assert source.last_status == "not_modified" and Report.objects.count() == 1


def test_last_modified_is_sent_back(org_a: Organisation, server: FeedServer) -> None:
    stamp = "Sat, 03 May 2025 10:00:00 GMT"
    server.resources["/atom"] = Resource(atom(("urn:a1", "Curfew in Bamenda", "2025-05-03T10:00:00Z",
                                               "&lt;p&gt;A curfew was imposed in Bamenda.&lt;/p&gt;")),
                                         content_type="application/atom+xml", last_modified=stamp)
    source = watch(org_a, server, "/atom")
    assert source_poll(source=source).new_reports == 1
    source.refresh_from_db()
    assert source_poll(source=source).status == "not_modified"
    assert server.headers_for("/atom")[-1]["If-Modified-Since"] == stamp
    report = Report.objects.get(source=source)
    assert report.date == datetime.date(2025, 5, 3)
    assert report.passages.get().text == "A curfew was imposed in Bamenda."


def test_json_feeds(org_a: Organisation, server: FeedServer) -> None:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Updates", "items": [
        {"id": "j1", "url": "https://json.example.org/j1", "title": "Journalists detained",
         "date_published": "2025-04-30T08:00:00Z",
         "content_text": "Two journalists were detained in Buea.\n\nTheir lawyers were denied access."},
        {"id": "j2", "title": "Headline only", "content_html": ""}]}
    server.resources["/feed.json"] = Resource(json.dumps(feed).encode(), content_type="application/feed+json")
    result = source_poll(source=watch(org_a, server, "/feed.json"))
    assert result.new_reports == 2
    detained = Report.objects.get(source_guid="j1")
    assert detained.date == datetime.date(2025, 4, 30)
    assert list(detained.passages.values_list("text", flat=True)) == [
        "Two journalists were detained in Buea.", "Their lawyers were denied access."]
    assert Report.objects.get(source_guid="j2").passages.get().text == "Headline only"


def test_items_already_imported_are_skipped(org_a: Organisation, server: FeedServer) -> None:
    server.resources["/rss"] = Resource(rss(ARREST), etag='"v1"')
    source = watch(org_a, server, "/rss")
    source_poll(source=source)
    server.resources["/rss"] = Resource(rss(ELECTION, ARREST), etag='"v2"')
    source.refresh_from_db()
    assert source_poll(source=source).new_reports == 1
    assert Report.objects.filter(source=source).count() == 2


@pytest.mark.parametrize(("resource", "message"), [
    (Resource(b"<html><body>Not a feed</body></html>", content_type="text/html"), "readable RSS or Atom"),
    (Resource(b"<rss><channel><item><title>cut off", content_type="application/rss+xml"), "readable RSS or Atom"),
    (Resource(b"{not json", content_type="application/json"), "readable JSON feed"),
    (Resource(b"gone", status=500), "answered 500"),
])
def test_a_broken_feed_is_reported_and_the_others_still_polled(org_a: Organisation, server: FeedServer,
                                                               resource: Resource, message: str) -> None:
    server.resources["/broken"] = resource
    server.resources["/rss"] = Resource(rss(ARREST))
    broken, good = watch(org_a, server, "/broken"), watch(org_a, server, "/rss")
    results = {r.source_id: r for r in sources_poll(organisation=org_a)}
    assert results[broken.pk].status == "error" and message in results[broken.pk].error
    assert results[good.pk].status == "ok" and results[good.pk].new_reports == 1
    broken.refresh_from_db()
    assert broken.last_status == "error" and message in broken.last_error


def test_an_unreachable_or_slow_feed_times_out(org_a: Organisation, server: FeedServer) -> None:
    server.resources["/slow"] = Resource(rss(ARREST), delay=1.0)
    slow = watch(org_a, server, "/slow")
    result = source_poll(source=slow, timeout=0.2)
    assert result.status == "error" and "timeout" in result.error
    missing = watch(org_a, server, "/nothing-here")
    assert "answered 404" in source_poll(source=missing).error


def test_private_addresses_are_refused_unless_allowed(org_a: Organisation, server: FeedServer,
                                                      settings: object) -> None:
    settings.COI_FEEDS_ALLOW_PRIVATE = False  # type: ignore[attr-defined]
    server.resources["/rss"] = Resource(rss(ARREST))
    result = source_poll(source=watch(org_a, server, "/rss"))
    assert result.status == "error" and "private network" in result.error
    assert server.requests == [], "the request was never sent"


def test_only_http_addresses_are_accepted(org_a: Organisation) -> None:
    from article3.errors import DomainError

    with pytest.raises(DomainError, match="http"):
        source_add(actor="test", organisation=org_a, name="x", url="file:///etc/passwd", countries="CM")


# Alerts


def test_matching_cases_get_an_alert_with_the_passage(org_a: Organisation, server: FeedServer,
                                                      watching_case: Case) -> None:
    server.resources["/rss"] = Resource(rss(ARREST, ELECTION))
    result = source_poll(source=watch(org_a, server, "/rss"))
    assert result.alerts == 1
    (alert,) = alerts_for_case(watching_case)
    assert alert.report.source_guid == "cm-1"
    assert alert.passage is not None and alert.passage.text.startswith("Deported asylum seekers were arrested")
    assert alert.terms == ["arrest", "gendarmerie", "returnee"], "the heading counts too"
    entry = AuditEntry.objects.get(action="coi.alert.created")
    assert entry.case_id == watching_case.pk and entry.actor == "system:coi-feeds"


def test_which_cases_are_watched(org_a: Organisation, org_b: Organisation, alice: User, server: FeedServer,
                                 watching_case: Case) -> None:
    def make(reference: str, org: Organisation = org_a, country: str = "CM") -> Case:
        made = case_create(actor="test", organisation=org, reference=reference, forum="generic",
                           country_of_return=country, applicant_name="Someone")
        made.risk_terms = "arrest"
        made.save()
        return made

    other_country, other_org = make("NG-1", country="NG"), make("B-1", org=org_b)
    closed_long_ago, closed_lately, no_terms = make("OLD"), make("RECENT"), make("ANY")
    Case.objects.filter(pk=closed_long_ago.pk).update(stage=Stage.CLOSED,
                                                      closed_at=timezone.now() - datetime.timedelta(days=400))
    Case.objects.filter(pk=closed_lately.pk).update(stage=Stage.CLOSED,
                                                    closed_at=timezone.now() - datetime.timedelta(days=10))
    Case.objects.filter(pk=no_terms.pk).update(risk_terms="")
    server.resources["/rss"] = Resource(rss(ARREST))
    source_poll(source=watch(org_a, server, "/rss"))
    alerted = set(CoiAlert.objects.values_list("case__reference", flat=True))
    assert alerted == {watching_case.reference, "RECENT", "ANY"}
    assert other_country.pk and other_org.pk


def test_no_alert_when_no_passage_names_a_risk_term(org_a: Organisation, server: FeedServer,
                                                   watching_case: Case) -> None:
    server.resources["/rss"] = Resource(rss(ELECTION))
    assert source_poll(source=watch(org_a, server, "/rss")).alerts == 0
    assert not CoiAlert.objects.exists()


def test_alerts_show_on_the_case_and_the_dashboard_and_can_be_dismissed(
        org_a: Organisation, server: FeedServer, watching_case: Case, alice: User, bob: User, charlie: User) -> None:
    server.resources["/rss"] = Resource(rss(ARREST))
    source_poll(source=watch(org_a, server, "/rss"))
    tab = reverse("case_coi", kwargs={"case_id": watching_case.public_id})
    page = client_for(alice).get(tab).content.decode()
    assert "New country information may bear on this case" in page
    assert "Deported asylum seekers were arrested on arrival" in page
    assert [a.case_id for a in alerts_for_user(user=alice)] == [watching_case.pk]
    assert list(alerts_for_user(user=charlie)) == []
    (alert,) = alerts_for_case(watching_case)
    dismiss = reverse("case_coi_alert_dismiss", kwargs={"case_id": watching_case.public_id})
    assert client_for(bob).post(dismiss, {"alert": alert.pk}).status_code == 403
    assert client_for(alice).post(dismiss, {"alert": alert.pk}).status_code == 302
    assert list(alerts_for_case(watching_case)) == []
    assert list(alerts_for_case(watching_case, include_dismissed=True)) == [alert]
    assert AuditEntry.objects.filter(action="coi.alert.dismissed", case_id=watching_case.pk).exists()
    assert "may bear on this case" not in client_for(alice).get(tab).content.decode()


def test_the_dashboard_snippet_renders(org_a: Organisation, server: FeedServer, watching_case: Case,
                                       alice: User) -> None:
    from django.template.loader import render_to_string

    server.resources["/rss"] = Resource(rss(ARREST))
    source_poll(source=watch(org_a, server, "/rss"))
    html = render_to_string("coi/dashboard_alerts.html", {"coi_alerts": alerts_for_user(user=alice)})
    assert watching_case.reference in html and "Returnees arrested at Douala airport" in html


# The task


def test_the_task_polls_every_active_source(org_a: Organisation, server: FeedServer) -> None:
    server.resources["/rss"] = Resource(rss(ARREST, ELECTION))
    server.resources["/paused"] = Resource(rss(ARREST))
    watch(org_a, server, "/rss")
    paused = watch(org_a, server, "/paused")
    paused.active = False
    paused.save()
    result = poll_feeds.enqueue()
    assert result.return_value == {"sources": 1, "errors": 0, "new_reports": 2, "alerts": 0}
    assert server.headers_for("/paused") == []


def test_feed_dates_are_taken_in_utc(org_a: Organisation, server: FeedServer) -> None:
    late = ("cm-9", "Late news", "Sat, 03 May 2025 23:30:00 -0500", "<p>Late news.</p>")
    server.resources["/rss"] = Resource(rss(late))
    with time_machine.travel(datetime.datetime(2025, 5, 5, tzinfo=datetime.UTC)):
        source_poll(source=watch(org_a, server, "/rss"))
    assert Report.objects.get(source_guid="cm-9").date == datetime.date(2025, 5, 4)


# The page


def test_admins_manage_sources_on_the_page(org_a: Organisation, org_b: Organisation, alice: User, charlie: User,
                                           server: FeedServer) -> None:
    from article3.accounts.models import Role
    from tests.conftest import make_user

    admin = make_user(org_a, "ada@example.org", Role.ADMIN)
    url = reverse("coi_sources")
    data = {"action": "add", "name": "Rights news", "url": server.url("/rss"), "countries": "cm",
            "publisher": "Rights Monitor", "doc_type": "news"}
    assert client_for(alice).post(url, data).status_code == 403, "attorneys read, admins choose feeds"
    assert client_for(admin).post(url, data).status_code == 302
    source = CoiSource.objects.get(organisation=org_a)
    assert source.countries == "CM" and source.publisher == "Rights Monitor"
    assert "Rights news" in client_for(alice).get(url).content.decode()
    assert "Rights news" not in client_for(charlie).get(url).content.decode()
    server.resources["/rss"] = Resource(rss(ARREST))
    client_for(admin).post(url, {"action": "poll", "source": source.pk})
    assert Report.objects.filter(source=source).count() == 1
    assert client_for(charlie).post(url, {"action": "remove", "source": source.pk}).status_code == 404
    client_for(admin).post(url, {"action": "pause", "source": source.pk})
    source.refresh_from_db()
    assert source.active is False
    client_for(admin).post(url, {"action": "remove", "source": source.pk})
    assert not CoiSource.objects.exists()
    assert AuditEntry.objects.filter(action="coi.source.removed").exists()
