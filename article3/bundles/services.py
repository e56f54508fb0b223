"""Bundle builds: queued from the web or run from the CLI, each kept with its hashes and page map."""

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from article3.audit.services import Actor, actor_label, audit_record
from article3.bundles import inputs
from article3.bundles.engine import BuildResult, BundleError, BundleInput, build_bundle
from article3.bundles.engine import Progress as EngineProgress
from article3.bundles.models import BuildStatus, BundleBuild, BundleVolume
from article3.bundles.warnings import bundle_warnings
from article3.cases.models import Case
from article3.errors import DomainError
from article3.evidence.shredding import blob_keep_or_put
from article3.evidence.storage import derived_cache, vault
from article3.findings import Finding
from article3.rulepacks import load_pack
from article3.tasking import enqueue_with_transaction
from article3.words import NO_PROGRESS, Words, progress_fields

Progress = Callable[[int, int, str], None]  # (done, total, the step in the active language), for the command line
PREPARING = Words(gettext_noop("preparing documents"))
NOTHING_CONVERTED = gettext_noop("There is no converted document to put in the bundle yet.")


def _audit(actor: Actor, action: str, build: BundleBuild, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=build, organisation_id=build.case.organisation_id,
                 case_id=build.case_id, detail=detail)


@transaction.atomic
def bundle_request(*, actor: Actor, case: Case, profile: str, queue: bool = True) -> BundleBuild:
    """Record a build and (by default) queue it for the worker in the same transaction."""
    from article3.rulepacks import pack_ids

    if profile not in pack_ids():
        raise DomainError(f"Unknown bundle profile '{profile}'; choose one of {', '.join(pack_ids())}.")
    build = BundleBuild.objects.create(case=case, profile=profile, requested_by=actor_label(actor))
    _audit(actor, "bundles.build.requested", build, profile=profile)
    if queue:
        _enqueue(build.pk)
    return build


def _enqueue(build_id: int) -> None:
    from article3.bundles.tasks import bundle_run_task

    enqueue_with_transaction(bundle_run_task, build_id)


@translation.override("en")  # a filed document, in the filing language whoever asks for it
def bundle_run(*, build: BundleBuild, progress: Progress | None = None, out: Path | None = None) -> BundleBuild:
    """Build the PDF; store each volume in the vault; keep the page map. Failures are recorded."""
    BundleBuild.objects.filter(pk=build.pk).update(status=BuildStatus.RUNNING, **progress_fields(PREPARING))
    build.case.refresh_from_db()  # the exhibit order as saved, not as the caller last saw it
    profile = inputs.profile_for(build.profile)
    with tempfile.TemporaryDirectory(prefix="article3-bundle-") as tmp:
        folder = Path(tmp)
        prepared = inputs.prepare(build.case, profile, folder)
        spec = BundleInput(
            title="Evidence bundle", case_reference=build.case.reference,
            forum_label=load_pack(build.profile).name, prepared_by=None, date=inputs.today(),
            exhibits=prepared.exhibits, closing=prepared.closing, pinpoints=inputs.pinpoints(build.case),
            country_index=prepared.country_index)
        try:
            if not prepared.exhibits:
                raise BundleError(NOTHING_CONVERTED)
            cache = derived_cache() if settings.ARTICLE3_CACHE_MB > 0 else None
            result = build_bundle(spec=spec, layout=inputs.layout_for(profile), out=folder / "bundle.pdf",
                                  progress=_saver(build, progress), cache=cache)
        except BundleError as exc:
            return _failed(build, str(exc))
        if cache is not None:
            cache.prune()
        return _done(build, result, prepared, out)


def _saver(build: BundleBuild, progress: Progress | None) -> EngineProgress:
    def save(done: int, total: int, step: Words) -> None:
        words = Words(gettext_noop("%(step)s: %(done)s of %(total)s"), {"step": step, "done": done, "total": total})
        BundleBuild.objects.filter(pk=build.pk).update(**progress_fields(words))
        if progress is not None:
            progress(done, total, step.text())

    return save


def _failed(build: BundleBuild, message: str) -> BundleBuild:
    BundleBuild.objects.filter(pk=build.pk).update(status=BuildStatus.FAILED, error_message=message,
                                                   finished_at=timezone.now(), **NO_PROGRESS)
    _audit("system", "bundles.build.failed", build)
    build.refresh_from_db()
    return build


def _done(build: BundleBuild, result: BuildResult, prepared: inputs.Prepared, out: Path | None) -> BundleBuild:
    stored = []
    for volume in result.volumes:
        with volume.path.open("rb") as handle:
            stored.append((volume, vault().put(stream=handle).sha256))
        if out is not None:
            single = len(result.volumes) == 1
            target = out if single else out.with_name(f"{out.stem}_Part{volume.number}{out.suffix}")
            target.write_bytes(volume.path.read_bytes())
    warnings = [w.kept_json() for w in bundle_warnings(case=build.case)]
    warnings += [w.kept_json() for w in result.warnings]
    warnings += [w.kept_json() for w in left_out_warnings(prepared)]
    with transaction.atomic():
        for volume, sha in stored:
            blob_keep_or_put(sha, volume.path)
            BundleVolume.objects.create(
                build=build, number=volume.number, name=_volume_name(build, volume.number, len(stored)),
                sha256=sha, pages=volume.pages, bytes=volume.bytes, first_page=volume.first_page,
                last_page=volume.last_page)
        BundleBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.DONE, **NO_PROGRESS, finished_at=timezone.now(), pages=result.pages,
            page_map=result.page_map.as_json(), exhibits=_exhibits(result, prepared), warnings=warnings,
            inputs=[[key, sha] for key, sha in prepared.inputs.items()])
        _audit("system", "bundles.build.done", build, pages=result.pages, volumes=len(stored))
    build.refresh_from_db()
    return build


def left_out_warnings(prepared: inputs.Prepared) -> list[Finding]:
    found = []
    if prepared.skipped:
        found.append(Finding.worded(
            code="document_not_ready", severity="medium", refs=prepared.skipped,
            message=Words(gettext_noop("Documents left out, not converted yet or failed: %(count)s."),
                          {"count": len(prepared.skipped)}),
            advice=Words(gettext_noop("Open each on the evidence page; fix or re-upload it, then build again."))))
    if prepared.service_missing:
        found.append(Finding.worded(
            code="service_certificate_missing", severity="high", refs=(),
            message=Words(gettext_noop("The forum requires a certificate of service with the filing, and the bundle "
                                       "has none.")),
            advice=Words(gettext_noop("Generate the certificate of service (with PDF) on the documents page, then "
                                      "build again."))))
    if prepared.uncertified:
        found.append(Finding.worded(
            code="translation_certificate_not_in_bundle", severity="high", refs=prepared.uncertified,
            message=Words(gettext_noop("Translations marked certified with no certificate in the bundle to follow "
                                       "them: %(count)s."), {"count": len(prepared.uncertified)}),
            advice=Words(gettext_noop("Upload the translator's certificate as a document that translates the "
                                      "translation, or generate a certificate of translation (with PDF), then build "
                                      "again."))))
    if prepared.skipped_reports:
        found.append(Finding.worded(
            code="coi_report_unreadable", severity="high", refs=prepared.skipped_reports,
            message=Words(gettext_noop("Cited country reports left out, as no PDF could be made of the report's "
                                       "file, so their passages are not in the country conditions index: "
                                       "%(count)s."), {"count": len(prepared.skipped_reports)}),
            advice=Words(gettext_noop("Import the report again from a PDF copy and cite its passages from that "
                                      "copy."))))
    return found


def _volume_name(build: BundleBuild, number: int, count: int) -> str:
    base = f"{build.case.reference}-bundle-{build.pk}"
    return f"{base}.pdf" if count == 1 else f"{base}_Part{number}.pdf"


def _exhibits(result: BuildResult, prepared: inputs.Prepared) -> list[dict[str, Any]]:
    closing = {item.key: item.title for item in prepared.closing}  # named by title, not by an internal key
    rows = []
    for key, where in result.page_map.documents.items():
        if where.parent is None:
            rows.append({"key": key, "label": where.label, "start": where.start, "end": where.end,
                         "volume": where.volume, **({"title": closing[key]} if key in closing else {})})
    return sorted(rows, key=lambda r: r["start"])


def build_changes(build: BundleBuild) -> dict[str, list[str]]:
    """What changed in the documents since the previous completed build of the same case."""
    previous = (BundleBuild.objects.filter(case=build.case, status=BuildStatus.DONE, pk__lt=build.pk)
                .order_by("-pk").first())
    if previous is None:
        return {}
    # A list of [key, sha] pairs: PostgreSQL's jsonb would not keep a mapping's order.
    before, after = dict(previous.inputs), dict(build.inputs)
    return {
        "added": [k for k in after if k not in before],
        "removed": [k for k in before if k not in after],
        "changed": [k for k in after if k in before and before[k] != after[k]],
        "moved": [] if [k for k in after if k in before] == [k for k in before if k in after] else ["order"],
    }


@transaction.atomic
def exhibit_order_set(*, actor: Actor, case: Case, keys: list[str]) -> list[str]:
    """Save the lawyer's exhibit order (unknown keys are dropped, not trusted)."""
    known = set(case.documents.values_list("key", flat=True))
    order = [k for k in dict.fromkeys(keys) if k in known]
    Case.objects.filter(pk=case.pk).update(exhibit_order=order)
    audit_record(actor=actor, action="bundles.order.updated", obj=case, organisation_id=case.organisation_id,
                 case_id=case.pk, detail={"exhibits": len(order)})
    return order


def landed_documents(build: BundleBuild) -> list[dict[str, Any]]:
    """Every document that landed in the bundle, in page order: exhibits, translations, certificates.

    Each names its pages, and the exhibit it belongs to (`parent`, None for an exhibit or a closing
    certificate), so that every citation of a translation or certificate resolves to bundle pages.
    """
    from article3.docs.models import GeneratedDocument

    documents = build.page_map.get("documents", {})
    known = {d.key: d for d in build.case.documents.all()}
    generated = {inputs.generated_key(g): g for g in GeneratedDocument.objects.filter(
        case=build.case, pk__in=[int(k.removeprefix(inputs.GENERATED_PREFIX)) for k in documents
                                 if k.startswith(inputs.GENERATED_PREFIX) and k not in known
                                 and k.removeprefix(inputs.GENERATED_PREFIX).isdigit()])}
    rows = []
    for key, where in documents.items():
        parent = where.get("parent")
        if key in known:
            title, kind = known[key].label, known[key].kind
        elif key in generated:
            title, kind = generated[key].get_kind_display(), generated[key].kind
        else:  # a cited country report
            title, kind = "", "country_information"
        rows.append({"key": key, "title": title, "kind": kind, "start": where["start"], "end": where["end"],
                     "volume": where["volume"], "label": where.get("label") or (
                         documents[parent].get("label") if parent in documents else None), "parent": parent})
    return sorted(rows, key=lambda r: (r["start"], r["end"]))
