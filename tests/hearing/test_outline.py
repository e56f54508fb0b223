"""The direct-examination outline: started from the forum's elements, edited, reordered, deleted, audited,
and exported as DOCX with the cross-examination questions, from the web and the command line."""

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.urls import reverse
from docx import Document as open_docx

from article3.audit.models import AuditEntry
from article3.bundles.services import bundle_request, bundle_run
from article3.cases.models import Case
from article3.claims.selectors import claims_snapshot
from article3.docs.models import FOR_OTHER_PARTY
from article3.errors import DomainError
from article3.evidence.services import document_process
from article3.hearing import outline
from article3.hearing.models import OutlineItem
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in open_docx(io.BytesIO(path.read_bytes())).paragraphs)


def test_the_outline_follows_the_forum_and_can_be_edited_and_reordered(demo_case: Case, alice: User) -> None:
    added = outline.outline_start(actor=alice, case=demo_case)
    rows = claims_snapshot(case=demo_case).rows
    assert added == len(rows) and outline.outline_start(actor=alice, case=demo_case) == 0, "each element once"
    topics = outline.outline(case=demo_case)
    assert [t.item.element for t in topics] == [row.element.code for row in rows], "in the pack's order"
    torture = next(t for t in topics if t.item.element == "past_torture")
    facts = next(row.facts for row in rows if row.element.code == "past_torture")
    assert facts and torture.item.elicit == "\n".join(f.text for f in facts), "the element's facts to bring out"
    assert any(p.document.key == "d-declaration" for p in torture.exhibits)
    second = topics[1].item
    outline.outline_item_move(actor=alice, item=second, up=True)
    assert outline.outline(case=demo_case)[0].item.pk == second.pk
    outline.outline_item_move(actor=alice, item=OutlineItem.objects.get(pk=second.pk), up=True)  # at the top: stays
    assert outline.outline(case=demo_case)[0].item.pk == second.pk
    fresh = OutlineItem.objects.get(pk=second.pk)
    edited = outline.outline_item_update(actor=alice, item=fresh, expected_version=fresh.version,
                                         title="Why they targeted him", elicit="The meetings.", witnesses="Pascal Ndi")
    assert edited.title == "Why they targeted him" and edited.witnesses == "Pascal Ndi"
    with pytest.raises(DomainError, match="Give the topic a title"):
        outline.outline_item_update(actor=alice, item=edited, expected_version=edited.version, title=" ")
    own = outline.outline_item_add(actor=alice, case=demo_case, title="Life in hiding", elicit="", witnesses="")
    assert outline.outline(case=demo_case)[-1].item.pk == own.pk
    outline.outline_item_delete(actor=alice, item=own)
    assert not OutlineItem.objects.filter(pk=own.pk).exists()
    actions = set(AuditEntry.objects.filter(case_id=demo_case.pk, action__startswith="hearing.outline")
                  .values_list("action", flat=True))
    assert actions == {"hearing.outline.added", "hearing.outline.moved", "hearing.outline.updated",
                       "hearing.outline.deleted"}


def test_the_outline_page_moves_topics_with_plain_forms(demo_case: Case, alice: User) -> None:
    client = client_for(alice)
    start = reverse("case_hearing_outline_start", kwargs={"case_id": demo_case.public_id})
    page = client.post(start, follow=True).content.decode()
    assert "topics added from the forum" in page and "Move down" in page and "<script" not in page
    first, second = OutlineItem.objects.filter(case=demo_case)[:2]
    move = reverse("case_hearing_outline_move", kwargs={"case_id": demo_case.public_id, "pk": first.pk})
    client.post(move, {"direction": "down"})
    assert list(OutlineItem.objects.filter(case=demo_case)[:2]) == [second, first]
    edit = reverse("case_hearing_outline_edit", kwargs={"case_id": demo_case.public_id, "pk": first.pk})
    refused = client.post(edit, {"title": "", "version": first.version}, follow=True).content.decode()
    assert "Give the topic a title." in refused


def test_both_hearing_documents_are_generated_from_the_command_line(demo_case: Case, alice: User,
                                                                   tmp_path: Path) -> None:
    from article3.cli import cli
    from article3.docs import commands  # noqa: F401  (registers the verb)

    assert not {"hearing_outline", "cross_examination"} & FOR_OTHER_PARTY, "work product, for the team"
    for document in demo_case.documents.all():
        document_process(document=document, ocr=False)
    build = bundle_run(build=bundle_request(actor="test", case=demo_case, profile="us-eoir", queue=False))
    outline.outline_start(actor=alice, case=demo_case)
    start = build.page_map["documents"]["d-declaration"]["start"]
    for kind in ("hearing_outline", "cross_examination"):
        out = tmp_path / f"{kind}.docx"
        result = CliRunner().invoke(cli, ["docs", "generate", demo_case.reference, "--org", "clinic-a", "--kind",
                                          kind, "--out", str(out), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["kind"] == kind
        text = _docx_text(out)
        assert "Joseph Tabe" in text and "{{" not in text and "{%" not in text
        assert f"Exhibit A, bundle page {start}" in text
    outline_text = _docx_text(tmp_path / "hearing_outline.docx")
    assert "Direct-examination outline" in outline_text and "Facts to bring out:" in outline_text
    cross = _docx_text(tmp_path / "cross_examination.docx")
    assert "Which is right, and why do they differ?" in cross and "(no answer recorded yet)" in cross
