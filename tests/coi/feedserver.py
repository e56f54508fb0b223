"""A feed server on 127.0.0.1 for the monitoring tests: real HTTP, nothing reaches the internet.

Each path serves a body with an ETag and Last-Modified, answers 304 to a matching conditional
request, and records the headers it was sent.
"""

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Resource:
    body: bytes
    content_type: str = "application/rss+xml"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0


@dataclass
class FeedServer:
    base: str
    resources: dict[str, Resource] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def headers_for(self, path: str) -> list[dict[str, str]]:
        return [headers for requested, headers in self.requests if requested == path]


def _handler(server: FeedServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            resource = server.resources.get(self.path)
            if resource is None:
                self.send_error(404)
                return
            time.sleep(resource.delay)
            fresh = (resource.etag and self.headers.get("If-None-Match") == resource.etag) or (
                resource.last_modified and self.headers.get("If-Modified-Since") == resource.last_modified)
            if fresh:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(resource.status)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(resource.body)))
            if resource.etag:
                self.send_header("ETag", resource.etag)
            if resource.last_modified:
                self.send_header("Last-Modified", resource.last_modified)
            self.end_headers()
            self.wfile.write(resource.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer(base="")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def rss(*items: tuple[str, str, str, str]) -> bytes:
    """An RSS 2.0 feed of (guid, title, date RFC 822, description) items."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>https://news.example.org/{guid}</link>"
        f"<pubDate>{date}</pubDate><description><![CDATA[{text}]]></description></item>"
        for guid, title, date, text in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Country news</title>'
            f"<link>https://news.example.org/</link><description>News</description><language>en</language>"
            f"{entries}</channel></rss>").encode()


def atom(*items: tuple[str, str, str, str]) -> bytes:
    entries = "".join(
        f'<entry><id>{guid}</id><title>{title}</title><link href="https://atom.example.org/{guid}"/>'
        f'<updated>{date}</updated><content type="html">{text}</content></entry>'
        for guid, title, date, text in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Updates</title><id>urn:feed</id><updated>2025-06-01T00:00:00Z</updated>{entries}</feed>").encode()
