"""What a web process prepares when it starts, so that its first request is as fast as the next.

Measured with `benchmarks/first_request.py`: left to the first request, Django fills the URL
resolver's reverse table (every `{% url %}` needs it) and compiles each template the first time a
page uses it, the ORM fills each model's field maps, and the application reads its rule packs and
country names and derives its field key. Each is done
once per process and cached, so doing it here moves the cost from the first visitor to the start.

Only the web server calls this (`article3.wsgi`): the command line stays light.
"""

import logging
import time
from pathlib import Path

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
    logger.info("Warmed up in %.2f s (%d templates)", time.perf_counter() - started, templates)


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
