"""Hostile file names and titles (issue 17): undecodable bytes, escapes, bidirectional overrides."""

import io

import pytest

from article3.cases.models import Case
from article3.evidence.filenames import decode_name, plain_line, title_from_filename
from article3.evidence.services import document_add, document_update

LATIN1_FROM_ZIP = "r\udce9sum\udce9 m\udce9dical.pdf"  # how Python hands over b"r\xe9sum\xe9 m\xe9dical.pdf"


def test_undecodable_names_are_read_as_windows_1252() -> None:
    assert decode_name(LATIN1_FROM_ZIP) == "résumé médical.pdf"
    assert decode_name(b"caf\xe9.pdf") == "café.pdf"
    assert decode_name("déjà vu\udce9.pdf") == "déjà vué.pdf", "valid UTF-8 around a bad byte is kept"
    assert decode_name("\ud800x") == "?x", "a surrogate the OS did not make is replaced"


@pytest.mark.parametrize(("raw", "title"), [
    ("..\\..\\windows\\report.pdf", "report"),
    ("/etc/passwd", "passwd"),
    ("evil\u202egnp.exe.pdf", "evilgnp.exe"),
    ("\x1b[31mred\x1b[0m\x1b]0;owned\x07 name.pdf", "red name"),
    ("line\none\r\ntwo\x00.txt", "line one two"),
    ("\u2067isolated\u2069 and \u200e marks.pdf", "isolated and marks"),
    ("نامه\u200cها.pdf", "نامه\u200cها"),  # the zero-width non-joiner Persian needs stays
    ("\x1b[2J", "document"),
])
def test_titles_are_cleaned_like_stored_names(raw: str, title: str) -> None:
    assert title_from_filename(raw) == title


def test_plain_line_strips_controls_but_keeps_text() -> None:
    assert plain_line(" Dr. [bold]Ana[/bold]\tRuiz\x07 ") == "Dr. [bold]Ana[/bold] Ruiz"


@pytest.mark.django_db
def test_a_latin1_name_from_a_windows_zip_is_added_not_a_traceback(case: Case) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename=LATIN1_FROM_ZIP,
                            kind="other", process=False)
    document.refresh_from_db()
    assert document.title == "résumé médical" and document.original_name == "résumé médical.pdf"


@pytest.mark.django_db
def test_typed_titles_lose_control_characters_too(case: Case) -> None:
    document = document_add(actor="test", case=case, stream=io.BytesIO(b"A statement."), filename="a.txt",
                            title="Letter\u202e\n\x1b[1mfrom the  clinic", kind="other", process=False)
    assert document.title == "Letter from the  clinic", "spaces as typed, controls gone"
    edited = document_update(actor="test", document=document, expected_version=document.version,
                             changes={"title": "New\x00 title\r\n"})
    assert edited.title == "New title"
