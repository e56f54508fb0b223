"""Health checks for load balancers and process supervisors (README, "Several hosts").

`GET /healthz`: the process answers (no dependency is touched; restart it if this fails).
`GET /readyz`: it can serve: the database, Redis (with `ARTICLE3_TASKS=redis://…`) and the S3
bucket (with `ARTICLE3_VAULT=s3`) answer. 503 takes the host out of rotation until they do.
Neither needs signing in, and neither says more than "ok" or "unavailable" for each part: the
reason goes to the log by its exception type only (addresses and credentials stay out of both).
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    results = {name: _passes(name, check) for name, check in checks().items()}
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in results.items())
    return HttpResponse(body, status=200 if all(results.values()) else 503, content_type="text/plain; charset=utf-8")


def checks() -> dict[str, Callable[[], None]]:
    found: dict[str, Callable[[], None]] = {"database": _database}
    if settings.ARTICLE3_TASKS != "database":
        found["task queue"] = _redis
    if settings.ARTICLE3_VAULT == "s3":
        found["file storage"] = _bucket
    return found


def _passes(name: str, check: Callable[[], None]) -> bool:
    try:
        check()
    except Exception as exc:
        logger.warning("Readiness: the %s is unavailable (%s)", name, type(exc).__name__)
        return False
    return True


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    from redis import Redis

    client = Redis.from_url(settings.ARTICLE3_TASKS, socket_timeout=TIMEOUT_SECONDS,
                            socket_connect_timeout=TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()


def _bucket() -> None:
    from article3.evidence.storage import vault
    from article3.evidence.vault.s3 import S3Backend

    backend = vault().backend
    if isinstance(backend, S3Backend):  # always, with ARTICLE3_VAULT=s3
        backend.reachable()
