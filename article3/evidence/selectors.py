from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from article3.cases.models import Case
from article3.evidence.models import Document, DocumentPage


def document_get(*, case: Case, key: str) -> Document:
    """A document of a case the caller already obtained through `case_get_for_user`; else 404."""
    document = case.documents.filter(key=key).first()
    if document is None:
        raise Http404
    return document


def documents_to_pick(*, case: Case, keep: int | None = None) -> QuerySet[Document]:
    """The case's documents a form may offer: withdrawn ones are left out, except the one a record
    already points at (`keep`), so that editing the record does not lose it."""
    return case.documents.filter(Q(withdrawn_at__isnull=True) | Q(pk=keep or 0)).order_by("pk")


def documents_for_user(*, user: AbstractBaseUser | AnonymousUser, case: Case) -> QuerySet[Document]:
    """The documents of the case the user may see (only those shared, for interpreters and experts)."""
    from article3.cases.selectors import shared_documents_for_user

    return shared_documents_for_user(user=user, case=case)


def document_get_shared(*, user: AbstractBaseUser | AnonymousUser, case: Case, key: str) -> Document:
    """A document the user may see, or 404: for views that interpreters and experts reach too."""
    document = documents_for_user(user=user, case=case).filter(key=key).first()
    if document is None:
        raise Http404
    return document


def document_get_for_user(*, user: AbstractBaseUser | AnonymousUser, case_id: str, key: str) -> Document:
    from article3.cases.selectors import case_get_for_user

    return document_get_shared(user=user, case=case_get_for_user(user=user, public_id=case_id, shared=True), key=key)


def pages_without_text(document: Document, pages: Iterable[DocumentPage] | None = None) -> list[int]:
    """The pages OCR read and found no words on (a few stray marks do not count as words).

    Reads ``pages``, else ``document.page_texts`` (prefetch it for many documents). Such a page is a
    bad scan, a photograph or handwriting: someone has to rescan or transcribe it."""
    from article3.evidence.ingest.limits import DEFAULT_LIMITS

    least = DEFAULT_LIMITS.min_text_chars
    return [page.number for page in (document.page_texts.all() if pages is None else pages)
            if page.ocr and sum(1 for char in page.text if not char.isspace()) < least]


def pages_words(numbers: list[int]) -> str:
    """[3] -> "page 3"; [3, 5, 6] -> "pages 3, 5 and 6"."""
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return "pages " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
