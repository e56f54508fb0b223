"""Safe file names (C7): allowlisted, short, separator-free, idempotent; RFC 6266 headers."""

import re
import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from article3.evidence.filenames import (
    ALLOWED_EXTENSIONS,
    content_disposition,
    safe_filename,
)

RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{d}" for p in ("COM", "LPT") for d in range(1, 10)}
NASTY_PIECES = [
    "../",
    "..\\",
    "/",
    "\\",
    "\x00",
    "\r\n",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u200b",
    "CON",
    "con",
    "LPT1",
    "COM¹",
    ".",
    "..",
    " ",
    "-",
    "_",
    ".pdf",
    ".PDF",
    ".exe",
    ".html",
    ".pdf.exe",
    ".tar.gz",
    "x" * 1000,
    "é" * 300,
    "ناصر",
    "e\u0301",
    "\u0301",
    "\uff50\uff44\uff46",  # fullwidth "pdf"
    "C:",
    "\udcff",
]
names = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.lists(st.one_of(st.sampled_from(NASTY_PIECES), st.text(max_size=5)), max_size=12).map(
        "".join
    ),
)
quick = settings(max_examples=300, database=None, suppress_health_check=[HealthCheck.too_slow])


def assert_safe(result: str) -> None:
    assert result, "never empty"
    assert len(result.encode("utf-8")) <= 255
    assert "/" not in result and "\\" not in result
    assert not result.startswith((".", " ", "-"))
    assert not result.endswith((" ", "."))
    for ch in result:
        category = unicodedata.category(ch)
        assert ch in " -_.()" or category in {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Mn", "Mc"}, ch
    assert result.count(".") <= 1
    stem, dot, extension = result.rpartition(".")
    if dot:
        assert extension in ALLOWED_EXTENSIONS
        assert stem
    assert (stem if dot else result).upper() not in RESERVED
    assert unicodedata.normalize("NFKC", result) == result


@quick
@given(names)
def test_any_name_comes_out_safe(name: str) -> None:
    assert_safe(safe_filename(name))


@quick
@given(names)
def test_cleaning_is_idempotent(name: str) -> None:
    once = safe_filename(name)
    assert safe_filename(once) == once


@quick
@given(names)
def test_header_is_ascii_single_line_and_round_trips(name: str) -> None:
    header = content_disposition(name)
    assert header.isascii()
    assert "\r" not in header and "\n" not in header
    match = re.fullmatch(r'attachment; filename="([^"\\]*)"; filename\*=UTF-8\'\'([^\s;]*)', header)
    assert match is not None, header
    assert_safe(match.group(1))
    assert unquote(match.group(2), errors="strict") == safe_filename(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot"),
        ("C:\\Users\\amir\\scan 1.JPG", "scan 1.jpg"),
        ("evil\u202efdp.exe", "evil_fdp"),
        ("x.pdf.exe", "x_pdf"),
        ("x.exe.pdf", "x_exe.pdf"),
        ("page.html", "page"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT9.pdf.exe", "LPT9_pdf"),
        ("COM¹.txt", "_COM1.txt"),
        ("Rapport médical.PDF", "Rapport médical.pdf"),
        ("\uff52\uff45\uff50\uff4f\uff52\uff54\uff0e\uff50\uff44\uff46", "report.pdf"),
        ("a\r\nb.txt", "a_b.txt"),
        ("a\x00b.pdf", "a_b.pdf"),
        ("report.", "report"),
        ("-rf .jpg", "rf.jpg"),
        (".pdf", "document.pdf"),
        (".bashrc", "document"),
        ("", "document"),
        ("...", "document"),
        ("Statement of Mr. Smith", "Statement of Mr_ Smith"),
        ("a____b  c.pdf", "a_b c.pdf"),
        ("شهادة الطبيب.pdf", "شهادة الطبيب.pdf"),
    ],
)
def test_examples(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_keep_their_extension_within_255_bytes() -> None:
    result = safe_filename("a" * 1000 + ".pdf")
    assert result == "a" * 251 + ".pdf"
    multibyte = safe_filename("ناصر" * 200 + ".docx")
    assert multibyte.endswith(".docx") and len(multibyte.encode()) <= 255
    assert multibyte.encode().decode("utf-8") == multibyte  # no split character


def test_fallback_is_used_and_itself_made_safe() -> None:
    assert safe_filename("///", fallback="exhibit") == "exhibit"
    assert safe_filename(".pdf", fallback="../CON") == "_CON.pdf"
    assert safe_filename("", fallback="\u202e") == "_"


def test_header_uses_ascii_fallback_and_utf8_form() -> None:
    header = content_disposition("Rapport médical (2).PDF")
    assert header == (
        'attachment; filename="Rapport medical (2).pdf"; '
        "filename*=UTF-8''Rapport%20m%C3%A9dical%20%282%29.pdf"
    )


def test_inline_header_for_a_name_with_no_ascii_letters() -> None:
    header = content_disposition("تقرير.pdf", inline=True)
    assert header.startswith('inline; filename="document.pdf"; ')
    assert header.endswith("filename*=UTF-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf")


def test_header_cannot_be_split_or_quoted_out_of() -> None:
    header = content_disposition('a"; filename="evil.exe\r\nSet-Cookie: x=1')
    assert "\r" not in header and "\n" not in header
    assert header.count('"') == 2
    assert "evil.exe" not in header
