from django_tasks import task

from article3.bundles.models import BuildStatus, BundleBuild


@task()
def bundle_run_task(build_id: int) -> str:
    """Safe to deliver twice: a finished build is left as it is; an unfinished one is built again."""
    from article3.bundles.services import bundle_run

    build = BundleBuild.objects.filter(pk=build_id).select_related("case").first()
    if build is None:
        return "gone"
    if build.status not in (BuildStatus.QUEUED, BuildStatus.RUNNING):
        return str(build.status)
    return bundle_run(build=build).status
