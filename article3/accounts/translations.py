"""Reviewing the catalogues in the browser (django-rosetta, at /translations/).

The catalogues are files of the installation, shared by every organisation on it, so only the
instance operator reviews them: an account made operator at the server's command line
(`article3 user operator EMAIL`), signed in with its second factor. Everyone else gets 404. Only
this project's catalogues are offered, never Django's or another package's; every saved change is
in the audit log, and the pages show it at once.
"""

import hashlib
import os
import signal
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern
from django.utils.translation.reloader import translation_file_changed

import article3
from article3.audit.services import audit_record

View = Callable[..., HttpResponse]
PACKAGE = Path(article3.__file__).resolve().parent


def is_operator(user: Any) -> bool:
    """ROSETTA_ACCESS_CONTROL_FUNCTION: the instance operator, past the second factor."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser
                and user.is_verified())


def operator_only(view: View) -> View:
    """Sign-in first; 404 for anyone but the operator; the second factor before any catalogue; and
    only the project's own catalogues (rosetta's "django", "third-party" and "all" lists are 404)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_active and user.is_superuser) or kwargs.get("po_filter", "project") != "project":
            raise Http404
        if not user.is_verified():  # type: ignore[attr-defined]  # django_otp's middleware adds it
            return redirect("two_factor")
        return view(request, *args, **kwargs)

    return login_required(checked)


def _no_suggestions(request: HttpRequest) -> HttpResponse:
    """Rosetta's machine suggestions would send the interface's text to an outside service: off."""
    raise Http404


def review_urls() -> list[URLPattern]:
    """Rosetta's pages, each behind `operator_only`."""
    from rosetta import urls

    return [URLPattern(p.pattern, operator_only(_no_suggestions if p.name == "rosetta.translate_text" else p.callback),
                       p.default_args, p.name) for p in urls.urlpatterns if isinstance(p, URLPattern)]


def _catalogue(path: str) -> str:
    resolved = Path(path).resolve()
    return str(resolved.relative_to(PACKAGE) if resolved.is_relative_to(PACKAGE) else resolved)


def entry_changed(sender: Any, user: Any, old_msgstr: str, old_fuzzy: bool, pofile: str, language_code: str,
                  **kwargs: Any) -> None:
    """One corrected phrase: who, which catalogue and language, and a digest of the phrase (the audit
    log keeps codes, not text: the catalogue's history is in the file itself)."""
    phrase = f"{sender.msgctxt or ''}\x04{sender.msgid}"
    audit_record(actor=user, action="translations.entry.changed",
                 object_key=hashlib.sha256(phrase.encode()).hexdigest()[:16],
                 detail={"catalogue": _catalogue(pofile), "language": language_code,
                         "fuzzy": "fuzzy" in sender.flags, "was_fuzzy": old_fuzzy})


def catalogue_saved(sender: Any, language_code: str, request: HttpRequest, **kwargs: Any) -> None:
    """Rosetta has written the .po and its .mo: the pages use them from now on."""
    audit_record(actor=request.user, action="translations.catalogue.saved", detail={"language": language_code})
    reload_catalogues(request)


def reload_catalogues(request: HttpRequest) -> None:
    """Drop the compiled catalogues this process holds, as Django's development server does when a
    .mo changes; under gunicorn, ask the master to replace its workers gracefully, so that every one
    of them reads the new files."""
    translation_file_changed(sender=None, file_path=Path("django.mo"))
    if str(request.META.get("SERVER_SOFTWARE", "")).startswith("gunicorn"):
        os.kill(os.getppid(), signal.SIGHUP)


def connect() -> None:
    from rosetta import signals

    signals.entry_changed.connect(entry_changed, dispatch_uid="article3-translations-entry")
    signals.post_save.connect(catalogue_saved, dispatch_uid="article3-translations-saved")
