"""Document texts for the extraction assistant, read from the evidence app's page texts."""

from __future__ import annotations

from article3.evidence.models import Document, DocumentPage


def document_page_texts(document: Document) -> list[str]:
    """The text of each page of the document's derived PDF, page 1 first.

    A page without stored text (not yet read, or blank) is an empty string, so that the list
    index stays the page number minus one.
    """
    rows = DocumentPage.objects.filter(document=document).values_list("number", "text")
    texts = dict(rows)
    last = max([document.pages, *texts], default=0)
    return [texts.get(number, "") for number in range(1, last + 1)]
