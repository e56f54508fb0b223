"""Refusals in plain words for damaged, protected, empty and two-faced files (issue 17)."""

import io
import struct
from pathlib import Path

import pytest

from article3.cases.models import Case
from article3.errors import DomainError
from article3.evidence.ingest import IngestError, sniff
from article3.evidence.models import Document
from article3.evidence.services import document_add
from tests.evidence import fixtures_ingest as fx
from tests.evidence import samples


def _refusal(path: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        sniff(path=path)
    return caught.value


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_a_truncated_docx_is_called_incomplete_not_unsafe(tmp_path: Path, keep: float) -> None:
    whole = fx.make_docx(tmp_path).read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[:int(len(whole) * keep)])
    refused = _refusal(cut)
    assert refused.code == "damaged_file"
    assert "incomplete or damaged" in refused.message and "download or copy it again" in refused.message
    assert "unsafe" not in refused.message and "table of contents" not in refused.message


def _protect(doc: bytes) -> bytes:
    """Set fEncrypted in the File Information Block, as Word does when a password is set."""
    data = bytearray(doc)
    for offset in range(512, len(data), 512):
        if data[offset:offset + 2] == b"\xec\xa5":
            (flags,) = struct.unpack_from("<H", data, offset + 10)
            struct.pack_into("<H", data, offset + 10, flags | 0x0100)
            return bytes(data)
    raise AssertionError("no File Information Block found")


@pytest.mark.django_db
def test_a_password_protected_doc_is_refused_at_add_with_a_precise_message(tmp_path: Path, case: Case) -> None:
    plain = fx.make_doc(tmp_path)
    assert sniff(path=plain).kind == "doc", "an unprotected Word 97 file is still taken"
    protected = tmp_path / "protected.doc"
    protected.write_bytes(_protect(plain.read_bytes()))
    refused = _refusal(protected)
    assert refused.code == "encrypted_document" and "protected by a password" in refused.message
    with pytest.raises(DomainError, match="protected by a password"):
        document_add(actor="test", case=case, stream=io.BytesIO(protected.read_bytes()), filename="p.doc",
                     kind="other")
    assert not Document.objects.exists(), "nothing stored, nothing to fail later"


@pytest.mark.django_db
def test_an_empty_file_says_what_to_do(case: Case) -> None:
    with pytest.raises(DomainError) as caught:
        document_add(actor="test", case=case, stream=io.BytesIO(b""), filename="e.pdf", kind="other")
    assert "empty (0 bytes)" in str(caught.value) and "upload it again" in str(caught.value)


def test_an_empty_file_reaching_the_sniffer_says_what_to_do_too(tmp_path: Path) -> None:
    empty = tmp_path / "e.pdf"
    empty.write_bytes(b"")
    refused = _refusal(empty)
    assert refused.code == "empty_file" and "upload it again" in refused.message


@pytest.mark.parametrize("prefix", [
    b"<html><script>alert(document.cookie)</script></html>\n",
    b"<!-- a comment -->\n<script>fetch('/x')</script>",
    b"\n  <svg onload=alert(1)>",
    b"<b>x</b>",
])
def test_a_web_page_with_a_pdf_after_it_is_refused(tmp_path: Path, prefix: bytes) -> None:
    path = tmp_path / "two-faced.pdf"
    path.write_bytes(prefix + samples.text_pdf(["A page"]))
    refused = _refusal(path)
    assert refused.code == "unsupported_type" and "web page" in refused.message


def test_a_pdf_with_harmless_bytes_before_its_header_is_still_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\x00\x01junk from a scanner\r\n" + samples.text_pdf(["A page"]))
    assert sniff(path=path).kind == "pdf"
