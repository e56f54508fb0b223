"""Certificates: of translation (one per translated document) and of service."""

from __future__ import annotations

from typing import Any

from article3.cases.models import Case
from article3.docs.builders.common import BLANK, Built, case_context, case_sources, date_words, language_name, note
from article3.errors import DomainError
from article3.evidence.models import Document, DocumentKind
from article3.words import Words, gettext_noop

TRANSLATOR_FIELDS = {
    "translator": gettext_noop("the translator's name"),
    "translator_competence": gettext_noop("the translator's competence"),
    "translator_address": gettext_noop("the translator's address"),
    "translator_phone": gettext_noop("the translator's telephone number"),
}
SERVICE_FIELDS = ("served_on", "method", "date", "by_whom")


def translation_of(case: Case, key: str) -> Document:
    """The translation named by `key`, or the translation of the original named by `key`."""
    document = case.documents.filter(key=key).first()
    if document is None:
        raise DomainError(f"There is no document '{key}' in this case.")
    if document.translates_id is not None:
        return document
    translation = document.translations.filter(kind=DocumentKind.TRANSLATION).order_by("pk").first()
    if translation is None:
        raise DomainError(f"Document '{key}' is not a translation and has none: record the translation first.")
    return translation


def build_translation(case: Case, options: dict[str, Any]) -> Built:
    key = str(options.get("document") or "")
    if not key:
        raise DomainError("Choose the translated document the certificate is for.")
    translation = translation_of(case, key)
    original = translation.translates
    if original is None:  # pragma: no cover - translation_of returns translations only
        raise DomainError(f"Document '{key}' does not say which document it translates.")
    missing = [label for name, label in TRANSLATOR_FIELDS.items() if not getattr(translation, name).strip()]
    context = case_context(case, "Certificate of translation")
    context.update({
        "translator": {"name": translation.translator or BLANK,
                       "competence": translation.translator_competence or BLANK,
                       "address": translation.translator_address or BLANK,
                       "phone": translation.translator_phone or BLANK},
        "source_language": language_name(original.language) if original.language else BLANK,
        "target_language": language_name(translation.language) if translation.language else "English",
        "original_title": original.label, "translation_title": translation.label,
        "dialect": str(options.get("dialect") or BLANK),
        "date": date_words(translation.certificate_date) or BLANK,
    })
    if missing:
        context["notes"] = [note(f"Missing on the translation's record: {', '.join(missing)}.")]
    warnings = [Words(gettext_noop("Fill in %(field)s on the translation's evidence page."), {"field": Words(label)})
                for label in missing]
    return Built(context=context, sources=translation_sources(case, options), warnings=warnings)


def translation_sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    try:
        translation = translation_of(case, str(options.get("document") or ""))
    except DomainError:
        return {**case_sources(case), "documents": {}}
    pair = [d for d in (translation, translation.translates) if d is not None]
    return {**case_sources(case),
            "documents": {d.key: f"{d.version}|{d.derived_sha256 or d.original_sha256}" for d in pair}}


def build_service(case: Case, options: dict[str, Any]) -> Built:
    missing = [name for name in SERVICE_FIELDS if not str(options.get(name) or "").strip()]
    if missing:
        raise DomainError(f"A certificate of service needs: {', '.join(m.replace('_', ' ') for m in missing)}.")
    context = case_context(case, "Certificate of service")
    context.update({
        "served_on": str(options["served_on"]).strip(), "method": str(options["method"]).strip(),
        "date": date_words(str(options["date"])), "by_whom": str(options["by_whom"]).strip(),
        "documents_served": str(options.get("documents_served") or "").strip() or "the documents filed with it",
    })
    return Built(context=context, sources=service_sources(case, options))


def service_sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    return case_sources(case)
