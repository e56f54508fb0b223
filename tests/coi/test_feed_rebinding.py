"""DNS rebinding against the feed address check (issue 17): the connection goes to the address checked."""

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from article3.coi.feeds import FeedError, fetch
from tests.coi.feedserver import FeedServer, Resource, feed_server, rss

PUBLIC = "93.184.216.34"  # what the rebinding name answers the first time


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as running:
        yield running


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """`feeds.rebind.test` answers a public address once, then 127.0.0.1; connections are recorded, not made
    (except to 127.0.0.1, where the test's server listens)."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    answers = iter([PUBLIC])
    connected: list[tuple[str, int]] = []

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "feeds.rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        connected.append(address)
        if address[0] == PUBLIC:
            raise ConnectionRefusedError("not on the test network")
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return connected


def test_a_name_that_rebinds_to_a_private_address_is_not_fetched(server: FeedServer, settings: object,
                                                                   rebinding: list[tuple[str, int]]) -> None:
    settings.COI_FEEDS_ALLOW_PRIVATE = False  # type: ignore[attr-defined]
    server.resources["/rss"] = Resource(rss(("x", "Inside", "Fri, 02 May 2025 09:00:00 GMT", "<p>secret</p>")))
    url = server.url("/rss").replace("127.0.0.1", "feeds.rebind.test")
    with pytest.raises(FeedError, match="could not be reached"):
        fetch(url, timeout=5)
    assert rebinding == [(PUBLIC, int(url.split(":")[2].split("/")[0]))], "one lookup, and the address checked"
    assert server.requests == [], "the private server was never asked"


def test_an_address_inside_the_network_is_refused_in_plain_words(settings: object,
                                                                  rebinding: list[tuple[str, int]]) -> None:
    settings.COI_FEEDS_ALLOW_PRIVATE = False  # type: ignore[attr-defined]
    with pytest.raises(FeedError, match="private network"):
        fetch("http://127.0.0.1:9/feed", timeout=2)
    assert rebinding == [], "refused before any connection"
