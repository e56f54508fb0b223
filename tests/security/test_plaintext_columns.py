"""Every text column that is not encrypted is listed here with the reason it holds no case text (issue 17).

A new free-text field on any model fails this test until it is encrypted (article3.fieldcrypt) or
added below with its reason; the storage-leak test then shows that what the forms and commands
put in it stays encrypted.
"""

from django.apps import apps
from django.db import models

from article3.fieldcrypt import EncryptedMixin

CODES = "a code, date, number, hash, key or status that the program writes, never typed text"
PROGRAM = "written by the program in fixed words (no names, no case text)"
ORGANISATION = "the organisation's own library or settings, not a client's case"
AUDIT = "audit and custody labels: actor ids, action codes, digests"

PLAIN: dict[str, tuple[frozenset[str], str]] = {
    "accounts.organisation": (frozenset({"slug", "name"}), ORGANISATION),
    "accounts.loginfailure": (frozenset({"account_digest", "address_digest"}), AUDIT),
    "deadlines.calendarfeed": (frozenset({"token_hash"}), CODES),
    "api.apitoken": (frozenset({"digest", "prefix", "scope"}), CODES + " (a token's digest and first characters)"),
    "cluster.nightlyrun": (frozenset({"name"}), CODES),
    "cluster.pendingjob": (frozenset({"task_path", "args"}), CODES + " (a task's path and record ids)"),
    "api.webhookendpoint": (frozenset({"url", "events", "created_by"}), ORGANISATION + " (its own system's address, "
                            "the event codes it asked for and the admin's actor label)"),
    "api.webhookdelivery": (frozenset({"payload", "error"}), CODES + " (ids and links only, and an error in the "
                            "program's words: see api.webhooks.payload_for)"),
    "audit.auditentry": (frozenset({"actor", "action", "object_type", "object_key", "detail", "prev_hash", "hash"}),
                         AUDIT),
    "audit.audithead": (frozenset({"hash", "tag"}), AUDIT),
    "cases.case": (frozenset({"reference", "forum", "country_of_return", "exhibit_order"}),
                   "the firm's file number (shown in lists and file names) and codes"),
    "cases.applicant": (frozenset({"nationality", "languages", "interpreter_language"}), "language and country codes"),
    "cases.person": (frozenset({"key"}), CODES),
    "cases.fearedagent": (frozenset({"key"}), CODES),
    "evidence.document": (frozenset({"key", "date", "language", "original_sha256", "original_type", "derived_sha256",
                                     "progress", "error_code", "error_message", "flags", "warnings", "processing_by",
                                     "certificate_date", "translated_from_sha256", "examination_date",
                                     "progress_words", "error_words", "warning_words"}),
                          CODES + "; messages and warnings are fixed sentences (and their words: the same "
                          "sentences as a phrase and its numbers)"),
    "evidence.custodyentry": (frozenset({"actor", "action", "input_sha256", "output_sha256", "tool", "tool_version"}),
                              AUDIT),
    "evidence.previousoriginal": (frozenset({"sha256", "original_type"}), CODES),
    "claims.fact": (frozenset({"key", "elements"}), CODES),
    "claims.support": (frozenset({"pages"}), "page numbers"),
    "chronology.event": (frozenset({"key", "date"}), CODES),
    "chronology.account": (frozenset({"date"}), CODES),
    "chronology.domesticremedy": (frozenset({"key", "date"}), CODES),
    "chronology.statementreview": (frozenset({"fingerprint"}), CODES),
    "chronology.conflictnote": (frozenset({"conflict_id"}), CODES),
    "chronology.statementextraction": (frozenset({"text_version", "progress", "progress_words", "error_message"}),
                                       CODES + " (hashes and counts) and fixed messages; the statements are encrypted"),
    "exports.caseexport": (frozenset({"options", "progress", "progress_words", "error_message", "requested_by",
                                      "sha256", "filename", "content_type"}),
                           PROGRAM + ": the form's choices, fixed messages, and a file name made of the case "
                           "reference"),
    "hearing.crossanswer": (frozenset({"question_id", "finding"}), CODES),
    "hearing.outlineitem": (frozenset({"element"}), CODES),
    "hearing.hearingnote": (frozenset({"question_id"}), CODES),
    "hearing.witness": (frozenset({"checklist"}), CODES),
    "hearing.logisticstick": (frozenset({"item"}), CODES),
    "interpreters.booking": (frozenset({"language"}), "a language code (the form turns a name into it)"),
    "accounts.languagepreference": (frozenset({"language"}), "a language code of the interface"),
    "portal.clientaccess": (frozenset({"invited_by"}), AUDIT),
    "portal.clientanswer": (frozenset({"language", "reviewed_by", "voice_sha256", "voice_type"}),
                            CODES + " (the language code, the reviewer's id, the recording's hash and type)"),
    "portal.clientupload": (frozenset({"received_sha256"}), CODES),
    "selfhelp.interview": (frozenset({"code_digest", "language", "reached"}),
                           CODES + " (the resume code's digest, a language code, a question's slug)"),
    "deadlines.deadline": (frozenset({"key", "rule", "label", "forum", "trigger", "service", "filing", "citation",
                                      "confidence", "trace", "working", "aim_reason"}),
                           "from the rule packs and the date engine: rule names, citations and reasons"),
    "deadlines.decision": (frozenset({"key", "trigger", "relief_granted", "relief_refused", "reasons"}), CODES),
    "deadlines.interimrequest": (frozenset({"key", "option"}), CODES),
    "bundles.bundlebuild": (frozenset({"profile", "progress", "progress_words", "requested_by", "exhibits", "page_map",
                                       "inputs", "error_message", "pdf_sha256", "index_sha256"}), PROGRAM),
    "bundles.bundlevolume": (frozenset({"name", "sha256"}), PROGRAM),
    "coi.reportseries": (frozenset({"key", "name", "publisher"}), ORGANISATION),
    "coi.coisource": (frozenset({"name", "url", "publisher", "countries", "language", "etag", "last_modified",
                                 "last_status", "last_error"}), ORGANISATION),
    "coi.report": (frozenset({"title", "publisher", "url", "language", "original_name", "source_guid", "imported_by",
                              "sha256", "text_sha256", "derived_sha256", "file_type"}),
                   ORGANISATION + ": published country reports"),
    "coi.reportcountry": (frozenset({"code"}), CODES),
    "coi.reportimport": (frozenset({"requested_by", "file_sha256", "filename", "meta", "status", "progress",
                                    "error_message"}),
                         ORGANISATION + ": a published report on its way into the library, and fixed messages"),
    "coi.passage": (frozenset({"heading", "text"}), ORGANISATION + ": the text of published reports"),
    "coi.coicitation": (frozenset({"key", "quote", "heading", "elements", "created_by"}),
                        "a quotation from a published report, and codes"),
    "coi.coialert": (frozenset({"dismissed_by"}), AUDIT),
    "gendocs.generateddocument": (frozenset({"forum", "sources", "warnings", "warning_words", "error_message",
                                             "created_by", "docx_sha256", "pdf_sha256"}), PROGRAM),
    "remedies.adversefinding": (frozenset({"key", "element"}), CODES),
    "gendocs.templateoverride": (frozenset({"forum", "original_name", "uploaded_by", "sha256"}), ORGANISATION),
    "gendocs.templatechange": (frozenset({"forum", "changed_by", "sha256"}), ORGANISATION),
}


def _plain_text_columns() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("article3."):
            continue
        for field in model._meta.concrete_fields:
            text = isinstance(field, models.CharField | models.TextField | models.JSONField)
            if text and not isinstance(field, EncryptedMixin) and not field.choices:
                found.setdefault(model._meta.label_lower, set()).add(field.name)
    return found


def test_every_plain_text_column_is_listed_with_its_reason() -> None:
    unlisted = {label: sorted(names - PLAIN.get(label, (frozenset(), ""))[0])
                for label, names in _plain_text_columns().items()}
    assert {label: names for label, names in unlisted.items() if names} == {}, (
        "encrypt these fields (article3.fieldcrypt) or list them in PLAIN with the reason they hold no case text")


def test_the_fields_issue_17_found_plain_are_encrypted() -> None:
    def field(label: str, name: str) -> object:
        return apps.get_model(label)._meta.get_field(name)

    for label, name in [("gendocs.generateddocument", "options"), ("deadlines.decision", "relief"),
                        ("deadlines.decision", "decision_maker"), ("deadlines.interimrequest", "addressed_to"),
                        ("deadlines.interimrequest", "reference")]:
        assert isinstance(field(label, name), EncryptedMixin), f"{label}.{name}"
