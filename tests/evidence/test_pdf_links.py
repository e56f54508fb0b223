"""Link actions in derived PDFs and bundles (issue 17): `javascript:` and other addresses are not kept."""

import io
from pathlib import Path

import pikepdf
import pytest

from article3.bundles.engine.pieces import sanitise_page
from article3.evidence.ingest.limits import DEFAULT_LIMITS
from article3.evidence.ingest.sanitize import clean_pdf
from tests.evidence import samples

ADDRESSES = ["javascript:app.alert(1)", "https://tracker.example/open?case=1", "file:///etc/passwd"]


def _linked_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(samples.text_pdf(["See the links"])))
    page = pdf.pages[0]
    page.obj["/Annots"] = pdf.make_indirect(pikepdf.Array([
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 700, 200, 720],
                           A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(address)))
        for address in ADDRESSES]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _uris(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/URI" in obj:
            found.append(str(obj["/URI"]))
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_a_derived_pdf_keeps_no_link_address(tmp_path: Path) -> None:
    source, dest = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(_linked_pdf())
    with pikepdf.open(source) as before:
        assert len(_uris(before)) == 3, "the test file does carry the links"
    cleaned = clean_pdf(source=source, dest=dest, limits=DEFAULT_LIMITS)
    assert "web_link" in cleaned.active_content
    with pikepdf.open(dest) as after:
        assert _uris(after) == [] and len(after.pages) == 1
    assert b"javascript:" not in dest.read_bytes() and b"tracker.example" not in dest.read_bytes()


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_bundle_page_keeps_no_link_action(address: str) -> None:
    pdf = pikepdf.open(io.BytesIO(samples.text_pdf(["x"])))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
                              A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(address)))
    pdf.pages[0].obj["/Annots"] = pikepdf.Array([link])
    sanitise_page(pdf.pages[0].obj)
    assert "/A" not in pdf.pages[0].obj["/Annots"][0]
