"""Handing uploaded files to the browser, from a separate download host when one is configured.

A file someone uploaded (an evidence original, a country report as published) is never rendered
by the application: it goes out as an attachment with `nosniff`. With `ARTICLE3_DOWNLOAD_HOST`
set, it also goes out from another origin: the application checks access and audits the
download, then redirects to a short-lived link on the download host, so that even a browser that
rendered the file would do so away from the application's cookies and pages. The link is
encrypted (the file name may name a person) and expires after LINK_SECONDS; it is the only
credential the download host takes.
"""

import json
import time
from collections.abc import Callable

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_GET

from article3.evidence.filenames import content_disposition
from article3.evidence.storage import plain_chunks
from article3.fieldcrypt import FieldDecryptionError, decrypt, encrypt

LINK_SECONDS = 60
_LABEL = "article3.download-link"


def attachment(request: HttpRequest, *, sha: str, name: str) -> HttpResponseBase:
    """The file as a download: streamed here, or a redirect to the download host."""
    host = settings.DOWNLOAD_HOST
    if not host:
        return _stream(sha, name)
    token = encrypt(json.dumps({"sha": sha, "name": name, "until": time.time() + LINK_SECONDS}), label=_LABEL)
    scheme = "https" if request.is_secure() else "http"
    response = HttpResponseRedirect(f"{scheme}://{host}/files/{token.removeprefix('a3e1:')}/")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def download_link(request: HttpRequest, token: str) -> HttpResponseBase:
    """The download host's only page: a valid, unexpired link streams its file; anything else is 404."""
    if not settings.DOWNLOAD_HOST or request.get_host() != settings.DOWNLOAD_HOST:
        raise Http404
    try:
        link = json.loads(decrypt("a3e1:" + token, label=_LABEL))
    except (FieldDecryptionError, ValueError):
        raise Http404 from None
    if not isinstance(link, dict) or float(link.get("until", 0)) < time.time():
        raise Http404
    return _stream(str(link["sha"]), str(link["name"]))


Handler = Callable[[HttpRequest], HttpResponseBase]


def download_host_only(get_response: Handler) -> Handler:
    """On the download host, the file links and nothing else: no pages, no sign-in, no static files,
    no session cookie. First in the middleware, so nothing else runs for other paths there."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        host = settings.DOWNLOAD_HOST
        if host and request.get_host() == host and not _is_file_link(request.path_info):
            response = HttpResponseNotFound(b"Not found", content_type="text/plain")
            response["Cache-Control"] = "no-store"
            return response
        return get_response(request)

    return middleware


def _is_file_link(path: str) -> bool:
    try:
        return resolve(path).url_name == "file_download"
    except Resolver404:
        return False


def _stream(sha: str, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(plain_chunks(sha), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition(name)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
