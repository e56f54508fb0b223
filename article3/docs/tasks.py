from django_tasks import task

from article3.docs.models import GeneratedDocument


@task()
def generate_document_task(generated_id: int) -> str:
    from article3.docs.services import generated_run

    generated = GeneratedDocument.objects.filter(pk=generated_id).select_related("case").first()
    if generated is None:
        return "gone"
    return generated_run(generated=generated).status
