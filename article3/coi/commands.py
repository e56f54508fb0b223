"""`article3 coi import|search|poll|source`: the library from the command line, as the local operator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
import yaml
from django.utils.translation import gettext

from article3.cli import FORMAT, ORG, _, coi, emit, fail, no_organisation, operator, table, yes_no

if TYPE_CHECKING:
    from article3.accounts.models import Organisation
    from article3.coi.services import ReportMeta

METADATA_FILE = "metadata.yaml"
_META_KEYS = {"title", "publisher", "date", "country", "countries", "url", "type", "language", "series"}
DOC_TYPES = ["report", "news", "guidance", "un", "ngo", "legal", "expert", "other"]


def _organisation(slug: str) -> Organisation:
    from article3.accounts.models import Organisation

    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        fail(no_organisation(slug))
    return cast("Organisation", found)


def _date(text: str) -> datetime.date | None:
    return _publication_date(text)[0]


def _publication_date(text: str) -> tuple[datetime.date | None, str]:
    from article3.coi.selectors import parse_publication_date

    try:
        return parse_publication_date(str(text))
    except ValueError as exc:
        raise click.BadParameter(gettext("'%(text)s' is not a date (YYYY-MM-DD, YYYY-MM or a year, YYYY).")
                                 % {"text": text}) from exc


@dataclass(frozen=True)
class Job:
    path: Path
    meta: ReportMeta


def _apply(meta: ReportMeta, raw: dict[str, Any], where: str) -> ReportMeta:
    unknown = set(raw) - _META_KEYS
    if unknown:
        known = ", ".join(sorted(_META_KEYS))
        raise click.UsageError(gettext("%(where)s: unknown keys %(unknown)s; use %(known)s.")
                               % {"where": where, "unknown": ", ".join(sorted(unknown)), "known": known})
    changes: dict[str, Any] = {k: str(raw[k]) for k in ("title", "publisher", "url", "language", "series") if k in raw}
    if "type" in raw:
        changes["doc_type"] = str(raw["type"])
    if "date" in raw:
        changes["date"], changes["date_precision"] = _publication_date(str(raw["date"]))
    countries = raw.get("countries", raw.get("country"))
    if countries:
        changes["countries"] = [str(c) for c in countries] if isinstance(countries, list) else [str(countries)]
    return replace(meta, **changes)


def _folder_jobs(folder: Path, options: dict[str, Any], base: ReportMeta) -> list[Job]:
    sheet = folder / METADATA_FILE
    loaded: Any = yaml.safe_load(sheet.read_text(encoding="utf-8")) if sheet.is_file() else {}
    loaded = loaded or {}
    if not isinstance(loaded, dict) or set(loaded) - {"defaults", "files"}:
        raise click.UsageError(gettext("%(file)s: expected the keys 'defaults' and 'files'.") % {"file": sheet})
    meta = _apply(_apply(base, loaded.get("defaults") or {}, f"{sheet} defaults"), options, "options")
    described = loaded.get("files") or {}
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.name != METADATA_FILE and not p.name.startswith("."))
    return [Job(p, _apply(meta, described.get(p.name) or {}, f"{sheet} files.{p.name}")) for p in files]


def _jobs(paths: tuple[Path, ...], options: dict[str, Any]) -> list[Job]:
    from article3.coi.services import ReportMeta

    base = ReportMeta(countries=[])
    jobs: list[Job] = []
    for path in paths:
        if path.is_dir():
            jobs.extend(_folder_jobs(path, options, base))
        else:
            jobs.append(Job(path, _apply(base, options, "options")))
    return jobs


def _import_one(job: Job, organisation: Organisation) -> dict[str, Any]:
    from article3.coi.services import report_import
    from article3.errors import DomainError

    if not job.meta.countries:
        return {"path": str(job.path), "error": gettext("No country: give --country or a country in metadata.yaml.")}
    try:
        result = report_import(actor=operator(), organisation=organisation, data=job.path.read_bytes(),
                               meta=job.meta, filename=job.path.name, watch=True)
    except DomainError as exc:
        return {"path": str(job.path), "error": str(exc)}
    report = result.report
    return {"path": str(job.path), "report_id": report.pk, "title": report.title, "created": result.created,
            "passages": report.passages.count(), "file_type": report.file_type,
            "superseded": result.superseded, "series": report.series.name if report.series else None,
            "alerts": len(result.alerts)}


@coi.command("import", help=_("Import reports (PDF, HTML, TXT, DOCX), or folders of them with a metadata.yaml."))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--country", "countries", multiple=True,
              help=_("The country's ISO code; repeat the option or separate codes with commas."))
@click.option("--publisher", default=None, help=_("Who published the report."))
@click.option("--title", default=None, help=_("The report's title."))
@click.option("--date", "date_text", default=None,
              help=_("Publication date: YYYY-MM-DD, YYYY-MM, or the year alone (2023) for an annual report."))
@click.option("--url", default=None, help=_("Where the report was published."))
@click.option("--type", "doc_type", type=click.Choice(DOC_TYPES), default=None, help=_("What kind of source it is."))
@click.option("--language", default=None, help=_("The report's language, e.g. fr."))
@click.option("--series", default=None, help=_("Name of the publication the editions belong to."))
@ORG
@FORMAT
def coi_import(paths: tuple[Path, ...], countries: tuple[str, ...], publisher: str | None, title: str | None,
               date_text: str | None, url: str | None, doc_type: str | None, language: str | None,
               series: str | None, org_slug: str, fmt: str) -> None:
    from rich.console import Console
    from rich.progress import track

    organisation = _organisation(org_slug)
    given = {"publisher": publisher, "title": title, "date": date_text, "url": url, "type": doc_type,
             "language": language, "series": series}
    options: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if countries:
        options["countries"] = [c for part in countries for c in part.split(",") if c.strip()]
    jobs = _jobs(paths, options)
    steps = track(jobs, description=gettext("Importing"), console=Console(stderr=True), disable=len(jobs) < 2)
    rows = [_import_one(job, organisation) for job in steps]
    done, errors = [r for r in rows if "error" not in r], [r for r in rows if "error" in r]
    emit(fmt, {"imported": done, "errors": errors}, lambda: _show_import(done, errors))
    if errors:
        raise SystemExit(1)


def _show_import(done: list[dict[str, Any]], errors: list[dict[str, Any]]) -> None:
    table(gettext("Imported"), ["id", gettext("title"), gettext("passages"), gettext("new"), gettext("alerts"),
                                gettext("path")],
          [(r["report_id"], r["title"], r["passages"], yes_no(True) if r["created"] else gettext("already there"),
            r["alerts"], r["path"]) for r in done])
    for row in errors:
        click.echo(gettext("Not imported: %(path)s: %(problem)s") % {"path": row["path"], "problem": row["error"]},
                   err=True)


@coi.command("search", help=_("Search the library's passages: words, \"exact phrases\", OR."))
@click.argument("query")
@click.option("--country", default="", help=_("The country's ISO code."))
@click.option("--since", default="", help=_("Reports dated from this month on (YYYY-MM)."))
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200),
              help=_("How many passages to show at most."))
@click.option("--current", is_flag=True, help=_("Leave out superseded editions."))
@click.option("--mode", type=click.Choice(["keyword", "semantic", "hybrid"]), default="keyword", show_default=True,
              help=_("semantic and hybrid need the optional semantic search installed (the semantic extra); "
                     "without it they search by keyword."))
@ORG
@FORMAT
def coi_search(query: str, country: str, since: str, limit: int, current: bool, mode: str, org_slug: str,
               fmt: str) -> None:
    from article3.coi.selectors import passage_search

    organisation = _organisation(org_slug)
    results = passage_search(user=operator(), organisation=organisation, query=query, country=country,
                             since=_date(since), limit=limit, current_only=current, mode=mode)
    data = {"results": [r.as_json() for r in results]}
    emit(fmt, data, lambda: _show_results(data["results"]))


def _show_results(results: list[dict[str, Any]]) -> None:
    if not results:
        click.echo(gettext("No passages found."))
        return
    table(gettext("Passages"), [gettext("score"), gettext("report"), gettext("date"), gettext("where"),
                                gettext("text")],
          [(r["score"], r["report"]["title"], r["report"]["date"], _where(r), r["text"][:160]) for r in results])


def _where(result: dict[str, Any]) -> str:
    paragraph = f"¶ {result['paragraph']}"
    if not result["page"]:
        return paragraph
    return gettext("p. %(page)s, %(paragraph)s") % {"page": result["page"], "paragraph": paragraph}


@coi.command("poll", help=_("Poll the organisation's feeds now, import new items and raise alerts on cases."))
@ORG
@FORMAT
def coi_poll(org_slug: str, fmt: str) -> None:
    from article3.coi.feeds import sources_poll

    results = sources_poll(organisation=_organisation(org_slug))
    data = {"sources": [r.as_json() for r in results]}
    emit(fmt, data, lambda: table(gettext("Feeds polled"), [
        gettext("source"), gettext("status"), gettext("new reports"), gettext("alerts"), gettext("problem")], [
        (r.source_id, r.status, r.new_reports, r.alerts, r.error) for r in results]))


@coi.group("source", help=_("Feeds the organisation watches."))
def coi_source() -> None:
    pass


@coi_source.command("add", help=_("Watch a feed (RSS, Atom or JSON Feed)."))
@click.argument("url")
@click.option("--name", default="", help=_("What to call the feed."))
@click.option("--country", "countries", required=True, help=_("The countries' ISO codes, separated by commas."))
@click.option("--publisher", default="", help=_("Who publishes the feed."))
@click.option("--type", "doc_type", type=click.Choice(DOC_TYPES), default="news", show_default=True,
              help=_("What kind of source its items are."))
@ORG
@FORMAT
def coi_source_add(url: str, name: str, countries: str, publisher: str, doc_type: str, org_slug: str,
                   fmt: str) -> None:
    from article3.coi.feeds import source_add
    from article3.errors import DomainError

    try:
        source = source_add(actor=operator(), organisation=_organisation(org_slug), name=name, url=url,
                            countries=countries, publisher=publisher, doc_type=doc_type)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"id": source.pk, "name": source.name, "url": source.url},
         lambda: click.echo(gettext("Watching %(name)s (source %(id)s).") % {"name": source.name, "id": source.pk}))


@coi_source.command("list", help=_("List the watched feeds and how their last poll went."))
@ORG
@FORMAT
def coi_source_list(org_slug: str, fmt: str) -> None:
    organisation = _organisation(org_slug)
    rows: list[dict[str, Any]] = [
        {"id": s.pk, "name": s.name, "url": s.url, "countries": s.country_list, "active": s.active,
         "last_status": s.last_status, "last_polled_at": s.last_polled_at, "items_imported": s.items_imported}
        for s in organisation.coi_sources.all()]
    emit(fmt, {"sources": rows}, lambda: table(gettext("Feeds"), [
        "id", gettext("name"), gettext("countries"), gettext("status"), gettext("polled"), gettext("items")], [
        (r["id"], r["name"], ",".join(r["countries"]), r["last_status"], r["last_polled_at"], r["items_imported"])
        for r in rows]))
