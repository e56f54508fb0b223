"""Word processor files, plain text and e-mails become PDFs whose text can be searched."""

import subprocess
from pathlib import Path

import pytest

from article3.evidence.ingest import IngestError, ingest_file
from article3.evidence.ingest.render import decode_text, html_to_text
from tests.evidence import fixtures_ingest as fx


def _text(derived: object) -> str:
    return "\n".join(derived.page_texts)  # type: ignore[attr-defined]


def test_docx_is_converted_by_a_confined_libreoffice(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_docx(tmp_path), workdir=tmp_path / "w",
                                   language="en", max_bytes=10**8, ocr=False)
    assert sniffed.kind == "docx"
    assert "detained in the northern district" in _text(derived)
    assert [step.tool for step in derived.steps] == ["libreoffice", "pikepdf"]
    assert derived.steps[0].tool_version.startswith("LibreOffice")
    # A private profile per run, with macros off and outside links blocked...
    settings = (tmp_path / "w/office/lo-profile/user/registrymodifications.xcu").read_text()
    assert "DisableMacrosExecution" in settings
    assert "BlockUntrustedRefererLinks" in settings
    # ...and nothing left running afterwards.
    running = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, check=False)
    assert running.stdout == b""


def test_odt_is_converted_and_its_macros_flagged_not_run(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_odt(tmp_path, macros=True),
                                   workdir=tmp_path / "w", language="en", max_bytes=10**8,
                                   ocr=False)
    assert sniffed.kind == "odt"
    assert derived.active_content == ["macros"]
    assert "detained in the northern district" in _text(derived)


def test_doc_is_converted(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_doc(tmp_path), workdir=tmp_path / "w",
                                   language="en", max_bytes=10**8, ocr=False)
    assert sniffed.kind == "doc"
    assert "detained in the northern district" in _text(derived)


def test_plain_text_is_laid_out_with_reportlab(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_txt(tmp_path), workdir=tmp_path / "w",
                                   language="en", max_bytes=10**8)
    assert sniffed.kind == "txt"
    assert "Notes from the interview." in _text(derived)
    assert derived.steps[0].tool == "reportlab"
    assert derived.ocr_pages == []


def test_text_with_control_characters_is_laid_out(tmp_path: Path) -> None:
    source = fx.make_txt(tmp_path, text="Page one\x0cPage two\x1b[0m\ttabbed <b>not markup</b>\n")
    _, derived = ingest_file(source=source, workdir=tmp_path / "w", language="en",
                             max_bytes=10**8, ocr=False)
    text = _text(derived)
    assert "Page onePage two[0m" in text
    assert "<b>not markup</b>" in text


def test_right_to_left_text_is_laid_out_by_libreoffice_in_reading_order(tmp_path: Path) -> None:
    source = fx.make_txt(tmp_path, text="Statement\nمن در زندان بودم\n")
    _, derived = ingest_file(source=source, workdir=tmp_path / "w", language="fa",
                             max_bytes=10**8, ocr=False)
    assert derived.steps[0].tool == "libreoffice"
    assert "زندان" in _text(derived)  # extracted in logical order, not reversed


def test_legacy_encoded_text_is_decoded() -> None:
    assert decode_text("Привет, это заявление".encode("cp1251")) == "Привет, это заявление"
    assert decode_text("\ufeffbom".encode()) == "bom"


def test_email_shows_headers_body_and_attachment_names(tmp_path: Path) -> None:
    sniffed, derived = ingest_file(source=fx.make_eml(tmp_path), workdir=tmp_path / "w",
                                   language="en", max_bytes=10**8)
    text = _text(derived)
    assert sniffed.kind == "eml"
    assert "From: Caseworker <caseworker@example.org>" in text
    assert "Subject: Medical report for the hearing" in text
    assert "Please find the medical report attached." in text
    assert "run-me.exe" in text
    assert "not opened" in text


def test_html_only_email_body_is_stripped_of_markup_and_scripts() -> None:
    html = ("<html><head><title>t</title><script>steal()</script></head>"
            "<body><p>First &amp; second</p><div>Next line</div></body></html>")
    text = html_to_text(html)
    assert text.splitlines() == ["First & second", "", "Next line"]
    assert "steal" not in text


def test_very_long_text_is_refused_with_advice(tmp_path: Path) -> None:
    from article3.evidence.ingest.limits import IngestLimits

    source = fx.make_txt(tmp_path, text="word " * 5000)
    with pytest.raises(IngestError) as caught:
        ingest_file(source=source, workdir=tmp_path / "w", language="en", max_bytes=10**8,
                    limits=IngestLimits(max_text_chars=1000))
    assert caught.value.code == "too_large"
    assert "Split it" in caught.value.message


def test_damaged_docx_is_refused_cleanly(tmp_path: Path) -> None:
    parts = [e for e in fx.docx_entries() if e.name != "word/document.xml"]
    parts.append(fx.raw("word/document.xml", b"\x00\x01 not xml at all"))
    source = fx.write_raw_zip(tmp_path / "damaged.docx", parts)
    with pytest.raises(IngestError) as caught:
        ingest_file(source=source, workdir=tmp_path / "w", language="en", max_bytes=10**8,
                    ocr=False)
    assert caught.value.code == "conversion_failed"
    assert "save it as PDF" in caught.value.message
