"""Monitoring: an organisation's feeds (RSS, Atom, JSON Feed), polled politely and safely.

Each poll sends the ETag and Last-Modified it was given last time (a 304 costs nothing),
gives up after a timeout, reads at most MAX_FEED_BYTES, refuses addresses inside the
network unless the instance allows them (COI_FEEDS_ALLOW_PRIVATE), connecting to the very
address it checked (no second lookup for a rebinding name to answer), and turns any failure
into a message on the source: one bad feed never stops the others.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import html
import http.client
import io
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from article3.accounts.models import Organisation
from article3.audit.services import Actor, audit_record
from article3.coi.models import CoiSource, DocType, Report
from article3.coi.services import ReportMeta, clean_countries, report_import
from article3.errors import DomainError

FEED_ACTOR = "system:coi-feeds"
MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_ITEMS_PER_POLL = 50
TIMEOUT_SECONDS = 15.0
USER_AGENT = "Article3 country-information monitor"


class FeedError(Exception):
    """A feed could not be fetched or read; the message is safe to show and to store."""


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    url: str
    date: datetime.date | None
    content: str  # HTML
    language: str = ""


@dataclass(frozen=True)
class PollResult:
    source_id: int
    status: str  # ok, not_modified, error
    new_reports: int = 0
    alerts: int = 0
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "status": self.status, "new_reports": self.new_reports,
                "alerts": self.alerts, "error": self.error}


# Sources


@transaction.atomic
def source_add(
    *, actor: Actor, organisation: Organisation, name: str, url: str, countries: list[str] | str,
    publisher: str = "", doc_type: str = DocType.NEWS, language: str = "en",
) -> CoiSource:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise DomainError("A feed address must start with http:// or https://.")
    if CoiSource.objects.filter(organisation=organisation, url=url).exists():
        raise DomainError("This feed is already watched.")
    source = CoiSource.objects.create(
        organisation=organisation, name=name.strip()[:200] or url[:200], url=url, publisher=publisher.strip()[:200],
        countries=",".join(clean_countries(countries)), doc_type=doc_type, language=language or "en",
    )
    audit_record(actor=actor, action="coi.source.added", obj=source, organisation_id=organisation.pk)
    return source


@transaction.atomic
def source_remove(*, actor: Actor, source: CoiSource) -> None:
    audit_record(actor=actor, action="coi.source.removed", obj=source, organisation_id=source.organisation_id)
    source.delete()


@transaction.atomic
def source_set_active(*, actor: Actor, source: CoiSource, active: bool) -> CoiSource:
    source.active = active
    source.save(update_fields=["active"])
    audit_record(actor=actor, action="coi.source.paused" if not active else "coi.source.resumed", obj=source,
                 organisation_id=source.organisation_id)
    return source


# Polling


def sources_poll(*, organisation: Organisation | None = None) -> list[PollResult]:
    """Poll every active source (of one organisation, or all); never raises for a bad feed."""
    sources = CoiSource.objects.filter(active=True).select_related("organisation")
    if organisation is not None:
        sources = sources.filter(organisation=organisation)
    return [source_poll(source=source) for source in sources.order_by("pk")]


def source_poll(*, source: CoiSource, timeout: float = TIMEOUT_SECONDS) -> PollResult:
    try:
        fetched = fetch(source.url, etag=source.etag, last_modified=source.last_modified, timeout=timeout)
        if fetched.status == 304:
            _record(source, status="not_modified")
            return PollResult(source.pk, "not_modified")
        items = parse_feed(fetched.body, content_type=fetched.content_type)
    except FeedError as exc:
        _record(source, status="error", error=str(exc))
        return PollResult(source.pk, "error", error=str(exc))
    new_reports, alerts = _import_items(source, items[:MAX_ITEMS_PER_POLL])
    _record(source, status="ok", etag=fetched.etag, last_modified=fetched.last_modified, imported=new_reports)
    return PollResult(source.pk, "ok", new_reports=new_reports, alerts=alerts)


def _import_items(source: CoiSource, items: list[FeedItem]) -> tuple[int, int]:
    new_reports = alerts = 0
    for item in items:
        if Report.objects.filter(source=source, source_guid=item.guid[:500]).exists():
            continue
        meta = ReportMeta(countries=source.country_list, title=item.title, publisher=source.publisher or source.name,
                          date=item.date, url=item.url, doc_type=source.doc_type,
                          language=item.language or source.language)
        try:
            result = report_import(actor=FEED_ACTOR, organisation=source.organisation, data=item_document(item),
                                   meta=meta, source=source, source_guid=item.guid, watch=True)
        except DomainError:
            continue  # an item without text; the others still count
        if result.created:
            new_reports += 1
            alerts += len(result.alerts)
    return new_reports, alerts


def _record(source: CoiSource, *, status: str, error: str = "", etag: str | None = None,
            last_modified: str | None = None, imported: int = 0) -> None:
    source.last_polled_at = timezone.now()
    source.last_status = status
    source.last_error = error[:300]
    if etag is not None:
        source.etag = etag[:300]
    if last_modified is not None:
        source.last_modified = last_modified[:100]
    source.items_imported += imported
    source.save(update_fields=["last_polled_at", "last_status", "last_error", "etag", "last_modified",
                               "items_imported"])


# Fetching


@dataclass(frozen=True)
class Fetched:
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


def _check_address(url: str) -> None:
    """An http(s) address; through a proxy (which resolves the name itself) its host is checked here,
    otherwise when connecting, on the address actually used."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError("The feed address must be an http:// or https:// address.")
    if _proxied(parts):
        _allowed_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def _proxied(parts: urllib.parse.SplitResult) -> bool:
    return bool(urllib.request.getproxies().get(parts.scheme)) and not urllib.request.proxy_bypass(
        parts.hostname or "")


class _AddressRefused(OSError):
    """Raised inside the connection, where urllib expects an OSError; fetch turns it back into its message."""


def _allowed_address(host: str, port: int) -> str:
    """The address to connect to: `host` resolved once, every answer checked, the first one used.

    Connecting to the address that was checked (rather than resolving the name again) is what
    stops DNS rebinding: a name that answers a public address to the check and a private one to
    the connection.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FeedError("The feed's host name could not be found.") from exc
    if not infos:
        raise FeedError("The feed's host name could not be found.")
    if not getattr(settings, "COI_FEEDS_ALLOW_PRIVATE", False):
        for info in infos:
            if not ipaddress.ip_address(info[4][0]).is_global:
                raise FeedError("The feed address points inside a private network, which is not allowed.")
    return str(infos[0][4][0])


def _pinned_socket(host: str, port: int, timeout: Any, source_address: Any) -> socket.socket:
    try:
        return socket.create_connection((_allowed_address(host, port), port), timeout, source_address)
    except FeedError as exc:
        raise _AddressRefused(str(exc)) from exc


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = _pinned_socket(self.host, self.port, self.timeout, self.source_address)  # type: ignore[attr-defined]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        sock = _pinned_socket(self.host, self.port, self.timeout, self.source_address)  # type: ignore[attr-defined]
        # The certificate is checked against the name, while the connection goes to the checked address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_PinnedHTTPConnection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_PinnedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, etag: str = "", last_modified: str = "", timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """GET the feed with conditional headers; 304 comes back as a status, failures as FeedError."""
    _check_address(url)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, "
               "application/feed+json, application/json, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    direct = [] if _proxied(urllib.parse.urlsplit(url)) else [
        urllib.request.ProxyHandler({}), _PinnedHTTPHandler(), _PinnedHTTPSHandler()]
    opener = urllib.request.build_opener(_CheckedRedirects(), *direct)
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (scheme checked above)
        with opener.open(request, timeout=timeout) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            if len(body) > MAX_FEED_BYTES:
                raise FeedError("The feed is larger than 5 MB and was not read.")
            return Fetched(status=response.status, body=body, etag=response.headers.get("ETag", ""),
                           last_modified=response.headers.get("Last-Modified", ""),
                           content_type=response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(status=304)
        raise FeedError(f"The feed server answered {exc.code}.") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, _AddressRefused):
            raise FeedError(str(exc.reason)) from exc
        raise FeedError("The feed could not be reached (network error or timeout).") from exc
    except _AddressRefused as exc:
        raise FeedError(str(exc)) from exc
    except (TimeoutError, OSError, ValueError) as exc:
        raise FeedError("The feed could not be reached (network error or timeout).") from exc


# Parsing


def parse_feed(body: bytes, *, content_type: str = "") -> list[FeedItem]:
    stripped = body.lstrip()
    if "json" in content_type or stripped.startswith(b"{"):
        return _json_feed(body)
    import feedparser

    # A stream, never bytes or str: given those, feedparser may treat the data as a file name or URL.
    parsed = feedparser.parse(io.BytesIO(body))
    # feedparser recovers what it can from a malformed feed; an entry with neither an id, a link
    # nor a body is debris of that recovery, not news.
    entries = [e for e in parsed.entries if e.get("id") or e.get("link") or (e.get("title") and e.get("summary"))]
    if not parsed.get("version") or (parsed.bozo and not entries):
        raise FeedError("The address did not return a readable RSS or Atom feed.")
    language = str(parsed.feed.get("language", "")).split("-")[0].lower()
    return [_entry(entry, language) for entry in entries]


def _entry(entry: Any, language: str) -> FeedItem:
    content = ""
    if entry.get("content"):
        content = " ".join(str(part.get("value", "")) for part in entry["content"])
    content = content or str(entry.get("summary", ""))
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    date = datetime.datetime.fromtimestamp(calendar.timegm(stamp), tz=datetime.UTC).date() if stamp else None
    link, title = str(entry.get("link", "")), str(entry.get("title", ""))
    guid = str(entry.get("id") or link or hashlib.sha256(f"{title}|{content}".encode()).hexdigest())
    return FeedItem(guid=guid, title=title, url=link if link.startswith(("http://", "https://")) else "",
                    date=date, content=content, language=language)


def _json_feed(body: bytes) -> list[FeedItem]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError("The address did not return a readable JSON feed.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("The address did not return a JSON Feed (no items).")
    language = str(data.get("language", "")).split("-")[0].lower()
    return [_json_item(item, language) for item in data["items"] if isinstance(item, dict)]


def _json_item(item: dict[str, Any], language: str) -> FeedItem:
    content = str(item.get("content_html") or "")
    if not content:
        text = str(item.get("content_text") or item.get("summary") or "")
        content = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    url, title = str(item.get("url") or ""), str(item.get("title") or "")
    date = None
    try:
        date = datetime.date.fromisoformat(str(item.get("date_published") or "")[:10])
    except ValueError:
        date = None
    guid = str(item.get("id") or url or hashlib.sha256(f"{title}|{content}".encode()).hexdigest())
    return FeedItem(guid=guid, title=title, url=url if url.startswith(("http://", "https://")) else "",
                    date=date, content=content, language=str(item.get("language") or language).split("-")[0])


def item_document(item: FeedItem) -> bytes:
    """A feed item as a small web page: what the vault keeps and the extractor reads."""
    date = f'<meta property="article:published_time" content="{item.date.isoformat()}">' if item.date else ""
    title = html.escape(item.title)
    body = item.content if item.content.strip() else f"<p>{title}</p>"  # a headline alone is news too
    return (
        f'<!doctype html><html lang="{html.escape(item.language or "en")}"><head><meta charset="utf-8">'
        f"<title>{title}</title>{date}</head><body><main><article><h1>{title}</h1>{body}"
        f"</article></main></body></html>"
    ).encode()
