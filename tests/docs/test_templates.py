import io

import pytest
from docx import Document as new_docx

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.docs import make_templates
from article3.docs.freshness import stale_reasons
from article3.docs.models import TemplateOverride
from article3.docs.render import BUILTIN, builtin_template
from article3.docs.services import document_generate, template_override_set
from article3.docs.templates import template_for
from article3.errors import DomainError
from tests.docs.conftest import REDACTED_NAME, text_of

pytestmark = pytest.mark.django_db
SERVICE = {"served_on": "the other party", "method": "post", "date": "2026-11-20", "by_whom": "Ana Ruiz"}


def docx_with(*paragraphs: str) -> io.BytesIO:
    document = new_docx()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


def upload(case: Case, *paragraphs: str, kind: str = "service_certificate", forum: str = "generic") -> TemplateOverride:
    return template_override_set(actor="test", organisation=case.organisation, forum=forum, kind=kind,
                                 stream=docx_with(*paragraphs), filename="ours.docx")


def test_the_committed_templates_are_what_the_script_writes() -> None:
    for forum, kinds in make_templates.TEMPLATES.items():
        for kind, (page, lines) in kinds.items():
            assert (BUILTIN / forum / f"{kind}.docx").read_bytes() == make_templates.render(lines, page), (forum, kind)


def test_forum_templates_fall_back_to_generic() -> None:
    assert builtin_template("us-eoir", "brief").origin == "builtin:us-eoir/brief"
    assert builtin_template("echr", "brief").origin == "builtin:generic/brief"
    with pytest.raises(DomainError):
        builtin_template("generic", "../../settings")


def test_an_organisations_template_replaces_the_built_in_one_and_marks_older_documents_stale(case: Case) -> None:
    before = document_generate(actor="test", case=case, kind="service_certificate", options=SERVICE)
    assert stale_reasons(before) == []
    upload(case, "Our clinic's certificate for {{ applicant.name }}, served on {{ served_on }} by {{ method }}.")
    after = document_generate(actor="test", case=case, kind="service_certificate", options=SERVICE)
    assert "Our clinic's certificate for Test Applicant, served on the other party by post." in text_of(after)
    assert stale_reasons(before) == ["the template changed"]
    assert AuditEntry.objects.filter(action="docs.template.uploaded").get().detail == {
        "forum": "generic", "kind": "service_certificate", "version": 1}


def test_a_forum_template_beats_the_organisations_generic_one(case: Case) -> None:
    upload(case, "Generic {{ case.reference }}")
    specific = upload(case, "For EOIR {{ case.reference }}", forum="us-eoir")
    assert template_for(organisation=case.organisation, forum="us-eoir", kind="service_certificate").sha256 == \
        specific.sha256


def test_only_word_documents_are_accepted(case: Case) -> None:
    with pytest.raises(DomainError, match="Word document"):
        template_override_set(actor="test", organisation=case.organisation, forum="generic", kind="brief",
                              stream=io.BytesIO(b"{{ case.reference }} as plain text"), filename="t.txt")
    with pytest.raises(DomainError, match="tags cannot be read"):
        upload(case, "{% for x in %}")


@pytest.mark.parametrize(("text", "message"), [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "SecurityError"),  # the sandbox holds
    ("{{ no_such_field }}", "UndefinedError"),  # nothing is left silently blank
])
def test_a_bad_template_fails_the_generation_with_a_reason(case: Case, text: str, message: str) -> None:
    upload(case, text)
    generated = document_generate(actor="test", case=case, kind="service_certificate", options=SERVICE)
    assert generated.status == "failed" and message in generated.error_message
    assert "your organisation's template" in generated.error_message and not generated.docx_sha256


def test_a_name_written_into_a_template_is_caught(story: Case) -> None:
    upload(story, f"Brief for {{{{ case.reference }}}}, with thanks to {REDACTED_NAME}.", kind="brief")
    generated = document_generate(actor="test", case=story, kind="brief")
    assert generated.status == "failed" and "redact" in generated.error_message
