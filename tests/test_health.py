"""GET /healthz and /readyz: what a load balancer and a supervisor ask, against the real services."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.test import Client
from moto.server import ThreadedMotoServer

from article3.evidence.storage import vault
from tests.test_distributed_tasks import REDIS_URL

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "health-test-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "health-test-secret")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_vault(settings: Any, endpoint: str, bucket: str) -> None:
    settings.ARTICLE3_VAULT = "s3"
    settings.ARTICLE3_S3 = {"bucket": bucket, "endpoint_url": endpoint, "region": "us-east-1", "prefix": "vault"}
    vault.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_vault() -> Iterator[None]:
    vault.cache_clear()
    yield
    vault.cache_clear()


def test_healthz_answers_without_signing_in_or_touching_anything() -> None:
    reply = Client().get("/healthz")
    assert reply.status_code == 200 and reply.content == b"ok\n"
    assert "no-cache" in reply["Cache-Control"]


@pytest.mark.django_db
def test_readyz_on_one_host_checks_the_database() -> None:
    reply = Client().get("/readyz")
    assert reply.status_code == 200
    assert reply.content.decode() == "database: ok\n"


@pytest.mark.django_db
def test_readyz_checks_redis_when_tasks_go_through_it(settings: Any) -> None:
    settings.ARTICLE3_TASKS = REDIS_URL
    reply = Client().get("/readyz")
    assert reply.status_code == 200 and reply.content.decode() == "database: ok\ntask queue: ok\n"
    settings.ARTICLE3_TASKS = CLOSED
    reply = Client().get("/readyz")
    assert reply.status_code == 503
    body = reply.content.decode()
    assert body == "database: ok\ntask queue: unavailable\n"
    assert "127.0.0.1" not in body, "no address on the page"


@pytest.mark.django_db
def test_readyz_checks_the_bucket_when_files_are_kept_in_s3(settings: Any, endpoint: str) -> None:
    bucket = f"health-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    s3_vault(settings, endpoint, bucket)
    reply = Client().get("/readyz")
    assert reply.status_code == 200 and reply.content.decode() == "database: ok\nfile storage: ok\n"
    s3_vault(settings, endpoint, "no-such-bucket-" + uuid.uuid4().hex[:8])
    reply = Client().get("/readyz")
    assert reply.status_code == 503 and reply.content.decode() == "database: ok\nfile storage: unavailable\n"


def test_health_checks_refuse_writes() -> None:
    assert Client().post("/healthz").status_code == 405
