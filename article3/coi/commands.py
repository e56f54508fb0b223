"""`article3 coi import|search|poll|source`: the library from the command line, as the local operator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click
import yaml

from article3.cli import FORMAT, ORG, coi, emit, fail, operator, table

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
        fail(f"No organisation '{slug}'. Create it with `article3 org create {slug}`.")
    return cast("Organisation", found)


def _date(text: str) -> datetime.date | None:
    return _publication_date(text)[0]


def _publication_date(text: str) -> tuple[datetime.date | None, str]:
    from article3.coi.selectors import parse_publication_date

    try:
        return parse_publication_date(str(text))
    except ValueError as exc:
        raise click.BadParameter(f"'{text}' is not a date (YYYY-MM-DD, YYYY-MM or a year, YYYY).") from exc


@dataclass(frozen=True)
class Job:
    path: Path
    meta: ReportMeta


def _apply(meta: ReportMeta, raw: dict[str, Any], where: str) -> ReportMeta:
    unknown = set(raw) - _META_KEYS
    if unknown:
        known = ", ".join(sorted(_META_KEYS))
        raise click.UsageError(f"{where}: unknown keys {', '.join(sorted(unknown))}; use {known}.")
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
        raise click.UsageError(f"{sheet}: expected the keys 'defaults' and 'files'.")
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
        return {"path": str(job.path), "error": "No country: give --country or a country in metadata.yaml."}
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


@coi.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--country", "countries", multiple=True, help="ISO code; repeat or separate with commas.")
@click.option("--publisher", default=None)
@click.option("--title", default=None)
@click.option("--date", "date_text", default=None,
              help="Publication date: YYYY-MM-DD, YYYY-MM, or the year alone (2023) for an annual report.")
@click.option("--url", default=None)
@click.option("--type", "doc_type", type=click.Choice(DOC_TYPES), default=None)
@click.option("--language", default=None)
@click.option("--series", default=None, help="Name of the publication the editions belong to.")
@ORG
@FORMAT
def coi_import(paths: tuple[Path, ...], countries: tuple[str, ...], publisher: str | None, title: str | None,
               date_text: str | None, url: str | None, doc_type: str | None, language: str | None,
               series: str | None, org_slug: str, fmt: str) -> None:
    """Import reports (PDF, HTML, TXT, DOCX), or folders of them with a metadata.yaml."""
    from rich.console import Console
    from rich.progress import track

    organisation = _organisation(org_slug)
    given = {"publisher": publisher, "title": title, "date": date_text, "url": url, "type": doc_type,
             "language": language, "series": series}
    options: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if countries:
        options["countries"] = [c for part in countries for c in part.split(",") if c.strip()]
    jobs = _jobs(paths, options)
    steps = track(jobs, description="Importing", console=Console(stderr=True), disable=len(jobs) < 2)
    rows = [_import_one(job, organisation) for job in steps]
    done, errors = [r for r in rows if "error" not in r], [r for r in rows if "error" in r]
    emit(fmt, {"imported": done, "errors": errors}, lambda: _show_import(done, errors))
    if errors:
        raise SystemExit(1)


def _show_import(done: list[dict[str, Any]], errors: list[dict[str, Any]]) -> None:
    table("Imported", ["id", "title", "passages", "new", "alerts", "path"],
          [(r["report_id"], r["title"], r["passages"], "yes" if r["created"] else "already there", r["alerts"],
            r["path"]) for r in done])
    for row in errors:
        click.echo(f"Not imported: {row['path']}: {row['error']}", err=True)


@coi.command("search")
@click.argument("query")
@click.option("--country", default="", help="ISO code of the country.")
@click.option("--since", default="", help="Reports dated from this month on (YYYY-MM).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200))
@click.option("--current", is_flag=True, help="Leave out superseded editions.")
@click.option("--mode", type=click.Choice(["keyword", "semantic", "hybrid"]), default="keyword", show_default=True,
              help="semantic and hybrid need the semantic extra; without it they search by keyword.")
@ORG
@FORMAT
def coi_search(query: str, country: str, since: str, limit: int, current: bool, mode: str, org_slug: str,
               fmt: str) -> None:
    """Search the library's passages: words, "exact phrases", OR."""
    from article3.coi.selectors import passage_search

    organisation = _organisation(org_slug)
    results = passage_search(user=operator(), organisation=organisation, query=query, country=country,
                             since=_date(since), limit=limit, current_only=current, mode=mode)
    data = {"results": [r.as_json() for r in results]}
    emit(fmt, data, lambda: _show_results(data["results"]))


def _show_results(results: list[dict[str, Any]]) -> None:
    if not results:
        click.echo("No passages found.")
        return
    table("Passages", ["score", "report", "date", "where", "text"],
          [(r["score"], r["report"]["title"], r["report"]["date"], _where(r), r["text"][:160]) for r in results])


def _where(result: dict[str, Any]) -> str:
    page = f"p. {result['page']}, " if result["page"] else ""
    return f"{page}¶ {result['paragraph']}"


@coi.command("poll")
@ORG
@FORMAT
def coi_poll(org_slug: str, fmt: str) -> None:
    """Poll the organisation's feeds now, import new items and raise alerts on cases."""
    from article3.coi.feeds import sources_poll

    results = sources_poll(organisation=_organisation(org_slug))
    data = {"sources": [r.as_json() for r in results]}
    emit(fmt, data, lambda: table("Feeds polled", ["source", "status", "new reports", "alerts", "error"], [
        (r.source_id, r.status, r.new_reports, r.alerts, r.error) for r in results]))


@coi.group("source")
def coi_source() -> None:
    """Feeds the organisation watches."""


@coi_source.command("add")
@click.argument("url")
@click.option("--name", default="")
@click.option("--country", "countries", required=True, help="ISO codes, comma-separated.")
@click.option("--publisher", default="")
@click.option("--type", "doc_type", type=click.Choice(DOC_TYPES), default="news", show_default=True)
@ORG
@FORMAT
def coi_source_add(url: str, name: str, countries: str, publisher: str, doc_type: str, org_slug: str,
                   fmt: str) -> None:
    """Watch a feed (RSS, Atom or JSON Feed)."""
    from article3.coi.feeds import source_add
    from article3.errors import DomainError

    try:
        source = source_add(actor=operator(), organisation=_organisation(org_slug), name=name, url=url,
                            countries=countries, publisher=publisher, doc_type=doc_type)
    except DomainError as exc:
        fail(str(exc))
        return
    emit(fmt, {"id": source.pk, "name": source.name, "url": source.url},
         lambda: click.echo(f"Watching {source.name} (source {source.pk})."))


@coi_source.command("list")
@ORG
@FORMAT
def coi_source_list(org_slug: str, fmt: str) -> None:
    """List the watched feeds and how their last poll went."""
    organisation = _organisation(org_slug)
    rows: list[dict[str, Any]] = [
        {"id": s.pk, "name": s.name, "url": s.url, "countries": s.country_list, "active": s.active,
         "last_status": s.last_status, "last_polled_at": s.last_polled_at, "items_imported": s.items_imported}
        for s in organisation.coi_sources.all()]
    emit(fmt, {"sources": rows}, lambda: table("Feeds", ["id", "name", "countries", "status", "polled", "items"], [
        (r["id"], r["name"], ",".join(r["countries"]), r["last_status"], r["last_polled_at"], r["items_imported"])
        for r in rows]))
