"""Which DOCX template a document is made from: the organisation's own for the forum, its own for
every forum ("generic"), the built-in one for the forum, or the built-in generic one."""

from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from article3.accounts.models import Organisation
from article3.docs.external import external_references
from article3.docs.models import TemplateOverride
from article3.docs.render import Template, builtin_template
from article3.errors import DomainError
from article3.evidence.storage import vault


def override_for(*, organisation: Organisation, forum: str, kind: str) -> TemplateOverride | None:
    return overrides_for(organisation=organisation, forum=forum, kinds=[kind]).get(kind)


def overrides_for(*, organisation: Organisation, forum: str, kinds: list[str]) -> dict[str, TemplateOverride]:
    """Each kind's template of the organisation's own that applies in `forum`, in one query: the one for the
    forum over the one for every forum ("generic"). Kinds without one are left out."""
    found = {(o.kind, o.forum): o for o in TemplateOverride.objects.filter(
        organisation=organisation, kind__in=kinds, forum__in=[forum, "generic"])}
    return {kind: o for kind in kinds if (o := found.get((kind, forum)) or found.get((kind, "generic")))}


def template_for(*, organisation: Organisation, forum: str, kind: str) -> Template:
    override = override_for(organisation=organisation, forum=forum, kind=kind)
    if override is None:
        return builtin_template(forum, kind)
    with vault().open(override.sha256) as handle:
        data = handle.read()
    return Template(data, override.sha256, f"override:{override.pk}")


def check_template(path: Path) -> None:
    """A DOCX that is safe to open (no zip bomb, no odd parts) and whose tags Jinja can read."""
    from article3.evidence.ingest.archive import check_zip, verify_inflation
    from article3.evidence.ingest.errors import IngestError
    from article3.evidence.ingest.limits import DEFAULT_LIMITS
    from article3.evidence.ingest.sniff import sniff

    try:
        if sniff(path=path).kind != "docx":
            raise DomainError("A template must be a Word document (.docx).")
        with check_zip(path, DEFAULT_LIMITS) as archive:
            verify_inflation(archive, DEFAULT_LIMITS)
    except IngestError as exc:
        raise DomainError(exc.words.text()) from exc
    external = external_references(path.read_bytes())
    if external:
        raise DomainError("A template must not reach outside the document; this one has "
                          f"{'; '.join(external)}. Remove it in Word and upload the template again.")
    try:
        DocxTemplate(io.BytesIO(path.read_bytes())).get_undeclared_template_variables()
    except TemplateError as exc:
        raise DomainError(f"The template's tags cannot be read: {exc}") from exc
    except Exception as exc:  # python-docx raises many kinds on a malformed package
        raise DomainError("This Word document cannot be opened as a template.") from exc
