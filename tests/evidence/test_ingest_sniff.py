"""Typing by content: what is accepted, what is refused, and that names never matter."""

from collections.abc import Callable
from pathlib import Path

import pytest

from article3.evidence.ingest import ERROR_CODES, IngestError, sniff
from article3.evidence.ingest.errors import ACCEPTED_TYPES_TEXT
from article3.evidence.ingest.sniff import looks_like_email
from tests.evidence import fixtures_ingest as fx

Maker = Callable[[Path], Path]


@pytest.mark.parametrize(
    ("maker", "kind", "mime"),
    [
        (fx.make_text_pdf, "pdf", "application/pdf"),
        (fx.make_phone_jpeg, "jpeg", "image/jpeg"),
        (fx.make_png, "png", "image/png"),
        (fx.make_tiff, "tiff", "image/tiff"),
        (fx.make_heic, "heic", "image/heic"),
        (fx.make_docx, "docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (fx.make_odt, "odt", "application/vnd.oasis.opendocument.text"),
        (fx.make_txt, "txt", "text/plain"),
        (fx.make_eml, "eml", "message/rfc822"),
    ],
)
def test_it_types_accepted_files_by_content(tmp_path: Path, maker: Maker, kind: str,
                                            mime: str) -> None:
    path = maker(tmp_path)
    renamed = path.rename(tmp_path / "upload.exe")  # the name must play no part
    found = sniff(path=renamed)
    assert (found.kind, found.mime) == (kind, mime)


@pytest.mark.parametrize(
    ("maker", "named"),
    [
        (fx.make_exe, "Windows program"),
        (fx.make_html, "web page"),
        (fx.make_svg, "web page"),
        (fx.make_plain_zip, "ZIP archive"),
        (fx.make_xlsx_like, "spreadsheet"),
    ],
)
def test_it_refuses_other_types_listing_what_it_accepts(tmp_path: Path, maker: Maker,
                                                        named: str) -> None:
    with pytest.raises(IngestError) as caught:
        sniff(path=maker(tmp_path))
    assert caught.value.code == "unsupported_type"
    assert named in caught.value.message
    assert ACCEPTED_TYPES_TEXT in caught.value.message


def test_png_with_html_appended_is_a_png_never_html(tmp_path: Path) -> None:
    found = sniff(path=fx.make_png_html_polyglot(tmp_path))
    assert found.kind == "png"
    assert found.mime == "image/png"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        sniff(path=fx.make_empty(tmp_path))
    assert caught.value.code == "empty_file"


def test_eicar_test_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        sniff(path=fx.make_eicar(tmp_path))
    assert caught.value.code == "malware_signature"


def test_macro_enabled_word_file_is_refused(tmp_path: Path) -> None:
    parts = [fx.raw("[Content_Types].xml", (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'))]
    path = fx.write_raw_zip(tmp_path / "macro.docx", parts)
    with pytest.raises(IngestError) as caught:
        sniff(path=path)
    assert caught.value.code == "unsupported_type"
    assert "macros" in caught.value.message


def test_utf16_text_with_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "notes"
    path.write_bytes("Notes with accents: é, ç, ğ\r\n".encode("utf-16"))
    assert sniff(path=path).kind == "txt"


def test_binary_without_known_magic_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(IngestError) as caught:
        sniff(path=path)
    assert caught.value.code == "unsupported_type"


def test_text_starting_like_a_bitmap_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("BMW car seen outside the house on 3 March.\n")
    assert sniff(path=path).kind == "txt"


def test_email_detection_needs_header_block() -> None:
    assert looks_like_email(b"From: a@b.org\r\nSubject: hi\r\n\r\nbody")
    assert looks_like_email(b"From x@y Mon\nFrom: a@b.org\nDate: today\n\nbody")
    assert not looks_like_email(b"From: a@b.org\nSubject: hi")  # no end of headers
    assert not looks_like_email(b"Dear sir,\nFrom: me\n\n")
    assert not looks_like_email(b"Subject: hi\nTo: x\n\nbody")  # no From


def test_error_codes_are_enumerated() -> None:
    with pytest.raises(ValueError, match="unknown ingest error code"):
        IngestError("surprise", "x")  # type: ignore[arg-type]
    assert {"unsupported_type", "encrypted_pdf", "image_bomb", "archive_bomb"} <= ERROR_CODES
