"""Why an upload was refused, in words a lawyer can act on.

Messages never quote the file's contents or name: they are shown in the interface and may be
logged. Each code is stable and can be counted and translated.
"""

from typing import Literal, get_args

from article3.words import Words, gettext_noop, kept_words

ErrorCode = Literal[
    "empty_file",
    "too_large",
    "unsupported_type",
    "encrypted_pdf",
    "encrypted_document",
    "broken_pdf",
    "broken_image",
    "image_bomb",
    "archive_bomb",
    "unsafe_archive",
    "damaged_file",
    "malware_signature",
    "conversion_failed",
    "timeout",
    "too_much_memory",
]

ERROR_CODES: frozenset[str] = frozenset(get_args(ErrorCode))

ACCEPTED_TYPES_TEXT = gettext_noop(
    "PDF, JPEG, PNG, TIFF and HEIC images, Word documents (DOCX and DOC), "
    "OpenDocument text (ODT), plain text (TXT) and e-mails saved as EML"
)


class IngestError(Exception):
    """A file that cannot be taken in; ``code`` is one of ``ERROR_CODES``.

    ``words`` say why, kept with their msgid so that a page words them in the reader's language;
    ``message`` is their English, for the record, logs and the command line."""

    def __init__(self, code: ErrorCode, words: Words | str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown ingest error code {code!r}")
        self.words = kept_words(words)
        self.message = str(self.words)
        super().__init__(self.message)
        self.code: ErrorCode = code

    def __reduce__(self) -> tuple[type["IngestError"], tuple[str, Words]]:
        # Keeps the code and the words when the error crosses a process boundary (see sandbox.py).
        return (type(self), (self.code, self.words))

    def __repr__(self) -> str:
        return f"IngestError({self.code!r}, {self.message!r})"


def unsupported(what: str) -> IngestError:
    """The standard refusal for a file type we do not take, naming what we do take. ``what`` is a
    phrase marked for the catalogues ("a WebP image")."""
    return IngestError("unsupported_type", Words(gettext_noop(
        "This file is %(what)s, which cannot be added as evidence. Accepted types are %(accepted)s. "
        "Convert or print the document to PDF and upload that instead."),
        {"what": Words(what), "accepted": Words(ACCEPTED_TYPES_TEXT)}))


def conversion_failed(step: str) -> IngestError:
    """The catch-all for a tool failing on a file; ``step`` says where, in plain words marked for the
    catalogues ("cleaning the PDF")."""
    return IngestError("conversion_failed", Words(gettext_noop(
        "The file could not be processed (the step that failed: %(step)s). It may be damaged or use "
        "features we cannot read. Open it on your computer and save or print it to a new PDF, then upload "
        "that copy. The original was not changed."), {"step": Words(step)}))
