"""What a web process prepares when it starts, so that its first request is as fast as the next.

Measured with `benchmarks/first_request.py`: left to the first request, Django fills the URL
resolver's reverse table (every `{% url %}` needs it) and compiles each template the first time a
page uses it, the ORM fills each model's field maps, and the application reads its rule packs and
country names and derives its field key. Each is done
once per process and cached, so doing it here moves the cost from the first visitor to the start.
So is what pages derive from the cases opened last (`ARTICLE3_WARM_CASES`, 3): their chronology,
element matrix and gap report, read and kept as the first request would (article3/snapshots.py).

Only the web server calls this (`article3.wsgi`): the command line stays light.
"""

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DatabaseError, connections

if TYPE_CHECKING:
    from article3.cases.models import Case

logger = logging.getLogger(__name__)


def warm() -> None:
    started = time.perf_counter()
    from article3 import lazyviews

    lazyviews.warm()
    _urls()
    templates = _templates()
    _models()
    _rule_packs()
    _field_key()
    _countries()
    cases = _recent_cases(int(getattr(settings, "ARTICLE3_WARM_CASES", 3)))
    logger.info("Warmed up in %.2f s (%d templates, %d cases)", time.perf_counter() - started, templates, cases)


def _urls() -> None:
    from django.urls import get_resolver, reverse

    reverse("dashboard")  # fills the resolver's reverse table, which the first `{% url %}` would
    # Each included resolver fills its own tables on first use; resolve() and reverse() reach them.
    get_resolver().resolve("/")


def _templates() -> int:
    """Compile every template of the project (the cached loader keeps them for every request)."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines

    count = 0
    for engine in engines.all():
        for folder in _template_dirs(engine):
            for path in sorted(folder.rglob("*.html")):
                name = path.relative_to(folder).as_posix()
                try:
                    engine.get_template(name)
                except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment that is not a page
                    continue
                count += 1
    return count


def _template_dirs(engine: object) -> list[Path]:
    from django.template.utils import get_app_template_dirs

    own = [Path(d) for d in getattr(engine, "dirs", [])]
    apps = [Path(d) for d in get_app_template_dirs("templates")]
    base = Path(__file__).resolve().parent
    return [d for d in [*own, *apps] if d.resolve().is_relative_to(base)]


def _models() -> None:
    """Each model's field maps and relation caches, which the ORM fills on first use."""
    from django.apps import apps

    for model in apps.get_models():
        model._meta.get_fields()


def _rule_packs() -> None:
    from article3.rulepacks import all_packs

    all_packs()


def _field_key() -> None:
    from article3.fieldcrypt import decrypt, encrypt

    decrypt(encrypt("warm", label="warmup"), label="warmup")  # derives the key once


def _countries() -> None:
    import pycountry  # its database is read on the first lookup

    pycountry.countries.get(alpha_2="CM")
    pycountry.languages.get(alpha_2="en")


def _recent_cases(count: int) -> int:
    """Keep the snapshots of the `count` cases whose records were opened or changed last (as the audit
    log has them), in the site's language as the first request in it would; how many were read.
    A database not ready (not migrated yet) leaves it to the requests."""
    from django.utils import translation

    from article3.audit.models import AuditEntry
    from article3.cases.models import Case

    if count <= 0 or int(getattr(settings, "ARTICLE3_SNAPSHOT_ENTRIES", 40)) <= 0:
        return 0
    try:
        recent = AuditEntry.objects.exclude(case_id=None).order_by("-pk").values_list("case_id", flat=True)[:1000]
        ids = list(dict.fromkeys(recent))[:count]
        cases = list(Case.objects.filter(pk__in=ids).select_related("organisation"))  # not those purged since
        with translation.override(settings.LANGUAGE_CODE):
            for case in cases:
                _case_snapshots(case)
        return len(cases)
    except DatabaseError:
        logger.warning("No case was warmed up: the database is not ready (run `article3 manage migrate`)")
        return 0
    finally:
        connections.close_all()  # this thread serves no request: its connection would only wait


def _case_snapshots(case: "Case") -> None:
    from django.utils import timezone

    from article3.chronology.selectors import chronology_snapshot
    from article3.claims.refs import RefNames
    from article3.claims.report import case_evidence_findings, gap_report

    chronology_snapshot(case=case)
    gap_report(case=case)  # the element matrix too
    case_evidence_findings(case=case, today=timezone.localdate())
    RefNames(case)
