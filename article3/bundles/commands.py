from pathlib import Path
from typing import cast

import click
from django.utils.translation import gettext, ngettext
from rich.progress import Progress

from article3.cli import FORMAT, ORG, _, bundle, case_by_reference, emit, fail, operator, table
from article3.errors import DomainError


@bundle.command("build", help=_("Build the case's filing bundle: cover, index, tabs, page numbers, bookmarks."))
@click.argument("reference")
@click.option("--profile", required=True, help=_("The forum's bundle rules: us-eoir, uk-ftt, ca-irb, echr, un-cat or "
                                                 "generic."))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help=_("FILE.pdf; split volumes are written as FILE_Part1.pdf, FILE_Part2.pdf, ..."))
@ORG
@FORMAT
def bundle_build(reference: str, profile: str, out: Path, org_slug: str, fmt: str) -> None:
    from article3.bundles.services import bundle_request, bundle_run, landed_documents

    case = case_by_reference(org_slug, reference)
    try:
        build = bundle_request(actor=operator(), case=case, profile=profile, queue=False)
    except DomainError as exc:
        fail(str(exc))
        return
    with Progress(disable=fmt == "json", transient=True) as bar:
        task = bar.add_task(gettext("Building"), total=None)
        build = bundle_run(build=build, out=out.resolve(),
                           progress=lambda done, total, step: bar.update(task, completed=done, total=total,
                                                                          description=step))
    if build.status != "done":
        fail(gettext("The bundle was not built: %(problem)s") % {"problem": build.error_message})
    volumes = [{"number": v.number, "file": str(_volume_path(out, v.number, build.volumes.count())),
                "pages": v.pages, "bytes": v.bytes, "first_page": v.first_page, "last_page": v.last_page,
                "sha256": v.sha256} for v in build.volumes.all()]
    titles = dict(case.documents.values_list("key", "title"))
    data = {"pages": build.pages, "volumes": volumes, "warnings": build.warnings,
            "exhibits": [{"key": e["key"], "label": e["label"], "title": e.get("title") or titles.get(e["key"], ""),
                          "start": e["start"], "end": e["end"]} for e in build.exhibits],
            "documents": landed_documents(build)}

    def render() -> None:
        table(ngettext("Bundle of %(reference)s: %(count)d page", "Bundle of %(reference)s: %(count)d pages",
                       build.pages) % {"reference": reference, "count": build.pages},
              [gettext("exhibit"), gettext("document"), gettext("pages")],
              [(e["label"], e["title"] or e["key"], f"{e['start']}-{e['end']}") for e in data["exhibits"]])
        for v in volumes:
            pages = cast(int, v["pages"])
            click.echo(ngettext("Wrote %(file)s (%(count)d page)", "Wrote %(file)s (%(count)d pages)", pages)
                       % {"file": v["file"], "count": pages})
        for w in build.warnings:
            click.echo(gettext("Warning: %(message)s") % {"message": w["message"]})

    emit(fmt, data, render)


def _volume_path(out: Path, number: int, count: int) -> Path:
    return out if count == 1 else out.with_name(f"{out.stem}_Part{number}{out.suffix}")
