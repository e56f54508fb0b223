"""The address of the person at the other end, also behind a reverse proxy.

`X-Forwarded-For` is believed only when the connection comes from a proxy named in
`ARTICLE3_TRUSTED_PROXIES`, and then read from the right: each trusted proxy appends the address
it saw, so the first address from the right that is not a trusted proxy is the client's. Anything
to its left was written by the client and proves nothing.
"""

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in configured)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    peer = str(request.META.get("REMOTE_ADDR", ""))
    if not _trusted(peer):
        return peer
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return _valid(hop) or peer
    return hops[0] if hops and _valid(hops[0]) else peer


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""
