from django_tasks import task

from article3.bundles.models import BundleBuild


@task()
def bundle_run_task(build_id: int) -> str:
    from article3.bundles.services import bundle_run

    build = BundleBuild.objects.filter(pk=build_id).select_related("case").first()
    if build is None:
        return "gone"
    return bundle_run(build=build).status
