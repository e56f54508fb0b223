from django_tasks import task


@task()
def statements_extract_task(extraction_id: int) -> str:
    """Safe to deliver twice: a finished reading is left as it is; an unfinished one is read again."""
    from article3.chronology.models import StatementExtraction
    from article3.chronology.services import statements_read_run

    extraction = StatementExtraction.objects.filter(pk=extraction_id).select_related("document").first()
    if extraction is None:
        return "gone"
    return str(statements_read_run(extraction=extraction).status)
