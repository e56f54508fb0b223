from django_tasks import task

from article3.docs.models import GeneratedDocument, GenStatus


@task()
def generate_document_task(generated_id: int) -> str:
    """Safe to deliver twice: a finished document is left as it is; an unfinished one is made again."""
    from article3.docs.services import generated_run

    generated = GeneratedDocument.objects.filter(pk=generated_id).select_related("case").first()
    if generated is None:
        return "gone"
    if generated.status not in (GenStatus.QUEUED, GenStatus.RUNNING):
        return str(generated.status)
    return generated_run(generated=generated).status
