from django_tasks import task


@task()
def export_make_task(export_id: int) -> str:
    """Safe to deliver twice: a finished export is left as it is; an unfinished one is made again."""
    from article3.exports.models import CaseExport
    from article3.exports.services import export_make

    export = CaseExport.objects.filter(pk=export_id).select_related("case").first()
    if export is None:
        return "gone"
    return str(export_make(export=export).status)
