"""An organisation's own template runs confined (issue 17): a loop or a memory hog stops there, with a reason."""

import time

import pytest

from article3.cases.models import Case
from article3.docs.services import document_generate
from tests.docs.test_templates import SERVICE, upload

pytestmark = pytest.mark.django_db


def test_a_template_that_loops_is_stopped_at_the_time_limit(case: Case, settings: object) -> None:
    settings.DOCS_TEMPLATE_TIMEOUT_SECONDS = 3  # type: ignore[attr-defined]
    upload(case, "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}Done")
    started = time.monotonic()
    generated = document_generate(actor="test", case=case, kind="service_certificate", options=SERVICE)
    assert time.monotonic() - started < 30
    assert generated.status == "failed" and "longer than 3 seconds" in generated.error_message
    assert "your organisation's template" in generated.error_message


def test_a_template_that_grows_without_end_is_stopped_at_the_memory_limit(case: Case, settings: object) -> None:
    settings.DOCS_TEMPLATE_MAX_MEMORY_MB = 300  # type: ignore[attr-defined]
    upload(case, "{{ 'x' * 2000000000 }}")
    generated = document_generate(actor="test", case=case, kind="service_certificate", options=SERVICE)
    assert generated.status == "failed" and "MB of memory" in generated.error_message


def test_a_good_template_still_renders_in_the_confined_process(case: Case) -> None:
    upload(case, "Served on {{ served_on }} by {{ method }}.")
    generated = document_generate(actor="test", case=case, kind="service_certificate", options=SERVICE)
    assert generated.status == "done", generated.error_message
