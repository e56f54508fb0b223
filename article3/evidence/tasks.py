"""Background work for evidence: slow conversion and OCR run in the task worker."""

from django_tasks import task

from article3.evidence.models import Document


@task()
def document_process(document_id: int) -> str:
    from article3.evidence import services

    document = Document.objects.filter(pk=document_id).first()
    if document is None:  # deleted (or the case purged) before the worker reached it
        return "gone"
    return services.document_process(document=document).status
