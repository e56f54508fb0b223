"""Background work for evidence: slow conversion and OCR run in the task worker."""

from django_tasks import task

from article3.evidence.models import Document, Status


@task()
def document_process(document_id: int) -> str:
    """Safe to deliver twice: a document already converted (or refused) is left as it is, and one
    still waiting is converted again from its untouched original."""
    from article3.evidence import services

    document = Document.objects.filter(pk=document_id).first()
    if document is None:  # deleted (or the case purged) before the worker reached it
        return "gone"
    if document.status not in (Status.RECEIVED, Status.PROCESSING):
        return str(document.status)
    return services.document_process(document=document).status
