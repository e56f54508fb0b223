import datetime
import os
from collections.abc import Iterator
from typing import Any

import pytest

from article3.accounts.models import Organisation
from article3.coi.models import Report
from article3.coi.services import ReportMeta, report_import
from tests.coi import fixtures


@pytest.fixture(autouse=True, scope="module")
def _keyword_search_only() -> Iterator[None]:
    """Full-text search alone, whether or not the semantic extra is installed, so that results
    are exact and imports fast; test_semantic.py turns the extra back on where it is installed."""
    from article3.coi import semantic

    previous = os.environ.get("ARTICLE3_SEMANTIC")
    os.environ["ARTICLE3_SEMANTIC"] = "0"
    semantic.available.cache_clear()
    yield
    if previous is None:
        os.environ.pop("ARTICLE3_SEMANTIC", None)
    else:
        os.environ["ARTICLE3_SEMANTIC"] = previous
    semantic.available.cache_clear()


def add_report(org: Organisation, data: bytes, **meta: object) -> Report:
    meta.setdefault("countries", ["CM"])
    return report_import(actor="test", organisation=org, data=data, meta=ReportMeta(**meta)).report  # type: ignore[arg-type]


@pytest.fixture
def report_2024(org_a: Organisation) -> Report:
    return add_report(org_a, fixtures.report_pdf(), publisher="Rights Monitor", date=datetime.date(2024, 3, 20),
                      url="https://example.org/cameroon-2024.pdf")


@pytest.fixture
def report_2023(org_a: Organisation) -> Report:
    return add_report(org_a, fixtures.report_docx(), title="Cameroon: Country Report 2023", publisher="Rights Monitor",
                      date=datetime.date(2023, 3, 1))


@pytest.fixture
def news_nigeria(org_a: Organisation) -> Report:
    return add_report(org_a, fixtures.TEXT_REPORT.encode(), countries=["NG"], publisher="Daily Wire Service",
                      date=datetime.date(2025, 1, 10), doc_type="news")


@pytest.fixture
def web_import(django_capture_on_commit_callbacks: Any) -> Any:
    """Post the import form as a person does, let the worker read the file (the task runs when the
    request's transaction commits), and open the page the form led to: the import's progress."""
    from django.test import Client
    from django.urls import reverse

    def post(client: Client, fields: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("coi_import"), fields)
        return client.get(response["Location"]) if response.status_code == 302 else response

    return post
