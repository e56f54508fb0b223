"""Why an upload was refused, in words a lawyer can act on.

Messages never quote the file's contents or name: they are shown in the interface and may be
logged. Each code is stable and can be counted and translated.
"""

from typing import Literal, get_args

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

ACCEPTED_TYPES_TEXT = (
    "PDF, JPEG, PNG, TIFF and HEIC images, Word documents (DOCX and DOC), "
    "OpenDocument text (ODT), plain text (TXT) and e-mails saved as EML"
)


class IngestError(Exception):
    """A file that cannot be taken in; ``code`` is one of ``ERROR_CODES``."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown ingest error code {code!r}")
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message

    def __reduce__(self) -> tuple[type["IngestError"], tuple[str, str]]:
        # Keeps the code when the error crosses a process boundary (see sandbox.py).
        return (type(self), (self.code, self.message))

    def __repr__(self) -> str:
        return f"IngestError({self.code!r}, {self.message!r})"


def unsupported(what: str) -> IngestError:
    """The standard refusal for a file type we do not take, naming what we do take."""
    return IngestError(
        "unsupported_type",
        f"This file is {what}, which cannot be added as evidence. "
        f"Accepted types are {ACCEPTED_TYPES_TEXT}. "
        "Convert or print the document to PDF and upload that instead.",
    )


def conversion_failed(step: str) -> IngestError:
    """The catch-all for a tool failing on a file; ``step`` says where, in plain words."""
    return IngestError(
        "conversion_failed",
        f"The file could not be processed (the step that failed: {step}). "
        "It may be damaged or use features we cannot read. Open it on your computer and save "
        "or print it to a new PDF, then upload that copy. The original was not changed.",
    )
