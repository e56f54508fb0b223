"""The permission matrix: every URL pattern × every persona.

A new view is covered the day it is added: a pattern missing from ROUTES fails the test.
Outsiders get 404, never 403, so that a case's existence does not leak.
"""

import datetime
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from article3.cases.models import Case
from article3.evidence.storage import vault
from tests.chronology import factories as chron
from tests.claims import factories as claims
from tests.conftest import client_for
from tests.deadlines import factories as dl
from tests.docs import factories as docs
from tests.hearing import factories as hearing

PUBLIC, SIGNED_IN, CASE_READ, CASE_EDIT, CASE_POST = "public", "signed_in", "read", "edit", "post"
CASE_READ_POST = "read_post"  # a POST that changes nothing of the case (asks for a file): readers may send it
LIBRARY = "library"  # the organisation's country information library: its members, nobody else
ORG_ADMIN = "org_admin"  # the organisation's own admin pages: its admins, 404 for everyone else
ORG_ADMIN_POST = "org_admin_post"  # the same, for changes to one member (alice, in the matrix)
SIGNED_IN_POST = "signed_in_post"
# The organisation's interpreter list: its admins, attorneys and paralegals (the roles that work on
# cases); 404 for its viewers, interpreters and experts. Another organisation's sees its own list ...
ORG_WORK = "org_work"
# ... and 404 on one interpreter of this organisation (GET shows the page, POST changes it).
ORG_WORK_RECORD = "org_work_record"
OWN_TOKEN = "own_token"  # a personal access token: its person, nobody else
CLIENT = "client"  # the client portal: the case's applicant, 404 for everyone else, lawyers included
CLIENT_POST = "client_post"
# The instance operator's review of the catalogues, shared by every organisation: the operator after the
# second factor, 404 for everyone else, organisation admins included (tests/accounts/test_translation_review.py).
OPERATOR = "operator"
# The self-help interview: visitors without an account while ARTICLE3_SELF_HELP_ORG is set; 404 when it
# is not, and 404 to anyone signed in (tests/selfhelp).
SELF_HELP = "self_help"

Kwargs = Callable[[Case], dict[str, Any]]
CASE: Kwargs = lambda c: {"case_id": c.public_id}  # noqa: E731
BUILD: Kwargs = lambda c: {**CASE(c), "build_id": _build(c).pk}  # noqa: E731
DOC: Kwargs = lambda c: {**CASE(c), "key": c.documents.first().key}  # type: ignore[union-attr]  # noqa: E731
EXPORT: Kwargs = lambda c: {**CASE(c), "export_id": _export(c).pk}  # noqa: E731
READING: Kwargs = lambda c: {**CASE(c), "doc_key": _reading(c).document.key}  # noqa: E731
OWN_SEAT: Kwargs = lambda c: {**CASE(c), "seat_id": c.team.get(user__email="alice@example.org").pk}  # noqa: E731

CASE_ACCESS = (CASE_READ, CASE_EDIT, CASE_POST, CASE_READ_POST)

# name -> (access, kwargs)
ROUTES: dict[str, tuple[str, Kwargs | None]] = {
    "login": (PUBLIC, None),
    "logout": (PUBLIC, None),
    "two_factor": (PUBLIC, None),
    "language_choose": (PUBLIC, None),  # a cookie, or the account's choice: tests/accounts/test_language.py
    "dashboard": (SIGNED_IN, None),
    "account": (SIGNED_IN, None),
    "account_password": (SIGNED_IN, None),
    "account_recovery_codes": (SIGNED_IN, None),
    "account_sessions_end": (SIGNED_IN_POST, None),
    "account_tokens": (SIGNED_IN, None),
    # Only its person revokes a token (tests/api/test_tokens.py); anyone else gets 404.
    "account_token_revoke": (OWN_TOKEN, lambda c: {"token_id": _alice_token(c)}),
    # The one-time token is the credential (see tests/accounts/test_account.py); this one is void.
    "set_password": (PUBLIC, lambda c: {"uidb64": "MA", "token": "void-token"}),
    "org_users": (ORG_ADMIN, None),
    "org_webhooks": (ORG_ADMIN, None),
    "org_webhook_ping": (ORG_ADMIN_POST, lambda c: {"pk": _webhook(c).pk}),
    "org_webhook_delete": (ORG_ADMIN_POST, lambda c: {"pk": _webhook(c).pk}),
    "org_second_factor": (ORG_ADMIN_POST, None),
    "org_user_role": (ORG_ADMIN_POST, lambda c: {"user_id": _alice_id(c)}),
    "org_user_active": (ORG_ADMIN_POST, lambda c: {"user_id": _alice_id(c)}),
    "org_user_reset_2fa": (ORG_ADMIN_POST, lambda c: {"user_id": _alice_id(c)}),
    "org_user_link": (ORG_ADMIN_POST, lambda c: {"user_id": _alice_id(c)}),
    "case_create": (SIGNED_IN, None),
    "case_import": (SIGNED_IN, None),
    "case_detail": (CASE_READ, CASE),
    "case_edit": (CASE_EDIT, CASE),
    "case_people": (CASE_READ, CASE),
    "case_person_add": (CASE_POST, CASE),
    "case_person_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": c.people.first().key}),  # type: ignore[union-attr]
    "case_person_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": c.people.first().key}),  # type: ignore[union-attr]
    "case_agent_add": (CASE_POST, CASE),
    "case_agent_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": _agent(c)}),
    "case_agent_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": _agent(c)}),
    "case_remedy_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": _remedy(c)}),
    "case_remedy_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": _remedy(c)}),
    "case_intake": (CASE_READ, CASE),
    "case_intake_applicant": (CASE_POST, CASE),
    "case_intake_profile": (CASE_POST, CASE),
    "case_intake_event": (CASE_POST, lambda c: {**CASE(c), "section": "harm"}),
    "case_intake_remedy": (CASE_POST, CASE),
    "case_team": (CASE_READ, CASE),
    "case_team_add": (CASE_POST, CASE),
    "case_team_role": (CASE_POST, OWN_SEAT),
    "case_team_remove": (CASE_POST, OWN_SEAT),  # refused (the last attorney stays), so it can run again
    "case_team_downloads": (CASE_POST, OWN_SEAT),
    "case_team_share": (CASE_POST, OWN_SEAT),
    "case_audit": (CASE_READ, CASE),
    "case_package": (CASE_READ, CASE),
    "case_package_download": (CASE_POST, CASE),
    "case_export": (CASE_READ, EXPORT),
    "case_export_status": (CASE_READ, EXPORT),
    "case_export_download": (CASE_READ, EXPORT),
    "case_audit_csv": (CASE_READ, CASE),
    "audit_log": (ORG_ADMIN, None),
    "audit_log_csv": (ORG_ADMIN, None),
    "case_safety_plan": (CASE_READ, CASE),
    "case_safety_plan_print": (CASE_READ, CASE),
    "case_chronology": (CASE_READ, CASE),
    "evidence": (CASE_READ, CASE),
    "evidence_upload": (CASE_POST, CASE),
    "evidence_status": (CASE_READ, CASE),
    "evidence_document": (CASE_READ, DOC),
    "evidence_finding_add": (CASE_POST, DOC),
    "evidence_finding_edit": (CASE_EDIT, lambda c: {**DOC(c), "pk": _medical_finding(c).pk}),
    "evidence_finding_delete": (CASE_EDIT, lambda c: {**DOC(c), "pk": _medical_finding(c).pk}),
    "evidence_original": (CASE_READ, DOC),
    "evidence_replace": (CASE_POST, DOC),
    "evidence_previous": (CASE_READ, lambda c: {**DOC(c), "number": _previous_original(c)}),
    "evidence_pdf": (CASE_READ, DOC),
    "evidence_process_again": (CASE_POST, DOC),
    "evidence_document_status": (CASE_READ, DOC),
    "evidence_withdraw": (CASE_POST, DOC),
    "evidence_restore": (CASE_POST, DOC),
    "evidence_bundle_exclusion": (CASE_POST, DOC),
    "bundles": (CASE_READ, CASE),
    "bundles_build": (CASE_POST, CASE),
    "bundles_reorder": (CASE_POST, CASE),
    "bundles_build_detail": (CASE_READ, BUILD),
    "bundles_build_status": (CASE_READ, BUILD),
    "bundles_volume": (CASE_READ, lambda c: {**BUILD(c), "number": 1}),
    "case_chronology_pdf": (CASE_READ, CASE),
    "case_chronology_docx": (CASE_READ, CASE),
    "case_event_add": (CASE_EDIT, CASE),
    "case_event": (CASE_READ, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_event_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_event_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_account_add": (CASE_EDIT, lambda c: {**CASE(c), "key": chron.event_for(c).key}),
    "case_account_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": "e-test", "account_id": chron.account_for(c).pk}),
    "case_account_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": "e-test", "account_id": chron.account_for(c).pk}),
    "case_chronology_extract": (CASE_READ, CASE),
    "case_chronology_extract_document": (CASE_READ, lambda c: {**CASE(c), "doc_key": chron.document_for(c).key}),
    "case_chronology_extract_status": (CASE_READ, READING),
    "case_chronology_extract_read": (CASE_READ_POST, READING),
    "case_chronology_statement": (CASE_POST, lambda c: {**CASE(c), "doc_key": chron.document_for(c).key}),
    "coi_library": (SIGNED_IN, None),
    "coi_import": (SIGNED_IN, None),
    "coi_import_progress": (LIBRARY, lambda c: {"job_id": _import(c).pk}),
    "coi_import_status": (LIBRARY, lambda c: {"job_id": _import(c).pk}),
    "coi_report_original": (LIBRARY, lambda c: {"report_id": _report(c).pk}),
    "coi_report_pdf": (LIBRARY, lambda c: {"report_id": _report(c).pk}),
    "coi_sources": (SIGNED_IN, None),
    "case_coi": (CASE_READ, CASE),
    "case_coi_cite": (CASE_POST, CASE),
    "case_coi_citation_remove": (CASE_POST, CASE),
    "case_coi_alert_dismiss": (CASE_POST, CASE),
    "case_elements": (CASE_READ, CASE),
    "case_element": (CASE_READ, lambda c: {**CASE(c), "code": "past_torture"}),
    "case_fact_add": (CASE_EDIT, CASE),
    "case_fact": (CASE_READ, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_fact_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_fact_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_support_add": (CASE_POST, lambda c: {**CASE(c), "key": claims.fact_for(c).key}),
    "case_support_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": "f-test", "support_id": claims.support_for(c).pk}),
    "case_support_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": "f-test", "support_id": claims.support_for(c).pk}),
    "case_conflict_answer": (CASE_POST, lambda c: {**CASE(c), "conflict_id": chron.conflict_for(c)}),
    "case_conflict_reopen": (CASE_POST, lambda c: {**CASE(c), "conflict_id": chron.conflict_for(c)}),
    "case_gaps": (CASE_READ, CASE),
    "case_gaps_pdf": (CASE_READ_POST, CASE),
    "case_questions": (CASE_READ, CASE),
    "deadlines_case": (CASE_READ, CASE),
    "deadlines_decision_add": (CASE_POST, CASE),
    "deadlines_compute": (CASE_POST, CASE),
    "deadlines_add": (CASE_POST, CASE),
    "deadlines_done": (CASE_POST, lambda c: {**CASE(c), "pk": dl.deadline_for(c).pk}),
    "deadlines_undo": (CASE_EDIT, lambda c: {**CASE(c), "pk": dl.deadline_for(c).pk}),
    "deadlines_edit": (CASE_EDIT, lambda c: {**CASE(c), "pk": dl.deadline_for(c).pk}),
    "deadlines_delete": (CASE_EDIT, lambda c: {**CASE(c), "pk": dl.deadline_for(c).pk}),
    "deadlines_interim_add": (CASE_POST, CASE),
    "deadlines_interim_edit": (CASE_EDIT, lambda c: {**CASE(c), "pk": dl.interim_for(c).pk}),
    "deadlines_interim_delete": (CASE_EDIT, lambda c: {**CASE(c), "pk": dl.interim_for(c).pk}),
    "deadlines_decision_edit": (CASE_EDIT, lambda c: {**CASE(c), "key": dl.decision_for(c).key}),
    "deadlines_decision_delete": (CASE_EDIT, lambda c: {**CASE(c), "key": dl.decision_for(c).key}),
    "deadlines_interim_update": (CASE_POST, lambda c: {**CASE(c), "pk": dl.interim_for(c).pk}),
    "deadlines_calendar": (SIGNED_IN, None),
    "deadlines_feeds": (SIGNED_IN, None),
    "healthz": (PUBLIC, None),  # says "ok", nothing else: see tests/test_health.py
    "readyz": (PUBLIC, None),
    "file_download": (PUBLIC, None),  # the encrypted link is the credential: see tests/evidence/test_delivery.py
    "deadlines_ics": (PUBLIC, None),  # the token is the credential: see tests/deadlines/test_ics.py
    "case_docs": (CASE_READ, CASE),
    "remedies_emergency": (CASE_READ, CASE),
    "remedies_removal_save": (CASE_POST, CASE),
    "remedies_removal_delete": (CASE_POST, CASE),
    "remedies_draft": (CASE_POST, CASE),
    "remedies_request_update": (CASE_POST, lambda c: {**CASE(c), "pk": dl.interim_for(c).pk}),
    "remedies_alarm_threshold": (ORG_ADMIN_POST, None),
    "remedies_findings": (CASE_READ, CASE),
    "remedies_changed": (CASE_READ, CASE),
    "remedies_conditions": (CASE_READ, CASE),
    "remedies_condition_edit": (CASE_READ, lambda c: {**CASE(c), "pk": _condition(c).pk}),
    "remedies_condition_delete": (CASE_POST, lambda c: {**CASE(c), "pk": _condition(c).pk}),
    "remedies_finding_edit": (CASE_READ, lambda c: {**CASE(c), "key": _finding(c).key}),
    "remedies_finding_delete": (CASE_POST, lambda c: {**CASE(c), "key": _finding(c).key}),
    "case_docs_generate": (CASE_POST, CASE),
    "case_docs_download": (CASE_READ, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk, "fmt": "docx"}),
    "case_docs_renumber": (CASE_POST, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk}),
    "case_docs_link": (CASE_POST, lambda c: {**CASE(c), "pk": docs.generated_for(c).pk}),
    "case_docs_safety_plan": (CASE_READ, CASE),
    "case_docs_template": (CASE_READ, lambda c: {**CASE(c), "kind": "brief"}),
    "case_docs_template_upload": (CASE_POST, CASE),
    "case_docs_template_delete": (CASE_POST, lambda c: {**CASE(c), "pk": docs.override_for(c).pk}),
    "case_hearing": (CASE_READ, CASE),
    "case_hearing_answer_add": (CASE_POST, CASE),
    "case_hearing_answer_edit": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.answer_for(c).pk}),
    "case_hearing_answer_approve": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.answer_for(c).pk}),
    "case_hearing_answer_delete": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.answer_for(c).pk}),
    "case_hearing_outline": (CASE_READ, CASE),
    "case_hearing_outline_start": (CASE_POST, CASE),
    "case_hearing_outline_add": (CASE_POST, CASE),
    "case_hearing_outline_edit": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.outline_item_for(c).pk}),
    "case_hearing_outline_move": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.outline_item_for(c).pk}),
    "case_hearing_outline_delete": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.outline_item_for(c).pk}),
    "case_hearing_notes": (CASE_READ, CASE),
    "case_hearing_note_add": (CASE_POST, CASE),
    "case_hearing_note_edit": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.note_for(c).pk}),
    "case_hearing_note_delete": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.note_for(c).pk}),
    "case_hearing_decision": (CASE_POST, CASE),
    "case_hearing_witnesses": (CASE_READ, CASE),
    "case_hearing_logistics": (CASE_READ, CASE),
    "case_hearing_care": (CASE_READ, CASE),
    "case_hearing_care_save": (CASE_POST, CASE),
    "case_hearing_care_delete": (CASE_POST, CASE),
    "case_hearing_logistics_tick": (CASE_POST, CASE),
    "case_hearing_witness_add": (CASE_POST, CASE),
    "case_hearing_witness_edit": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.witness_for(c).pk}),
    "case_hearing_witness_remove": (CASE_POST, lambda c: {**CASE(c), "pk": hearing.witness_for(c).pk}),
    "case_hearing_interpreters": (CASE_READ, CASE),
    "case_hearing_interpreter_add": (CASE_EDIT, CASE),
    "case_hearing_interpreter_edit": (CASE_EDIT, lambda c: {**CASE(c), "pk": _booking(c).pk}),
    "case_hearing_interpreter_delete": (CASE_EDIT, lambda c: {**CASE(c), "pk": _booking(c).pk}),
    "case_client": (CASE_READ, CASE),
    "case_client_invite": (CASE_POST, CASE),
    "case_client_access_end": (CASE_POST, lambda c: {**CASE(c), "access_id": _client_access(c).pk}),
    "case_client_answer_review": (CASE_POST, lambda c: {**CASE(c), "pk": _client_answer(c).pk}),
    "case_client_answer_voice": (CASE_READ, lambda c: {**CASE(c), "pk": _client_answer(c).pk}),
    "case_client_message": (CASE_POST, CASE),
    "portal_home": (CLIENT, None),
    "portal_safety_plan": (CLIENT, None),
    "portal_questions": (CLIENT, None),
    "portal_answer": (CLIENT, lambda c: {"pk": _client_answer(c).pk}),
    "portal_upload": (CLIENT, None),
    "portal_messages": (CLIENT, None),
    "selfhelp_start": (SELF_HELP, None),
    "selfhelp_resume": (SELF_HELP, None),
    "selfhelp_step": (SELF_HELP, lambda c: {"step": "name"}),
    "selfhelp_review": (SELF_HELP, None),
    "selfhelp_summary": (SELF_HELP, None),
    "selfhelp_package": (SELF_HELP, None),
    "selfhelp_hand_over": (SELF_HELP, None),
    "selfhelp_stop": (SELF_HELP, None),
    "selfhelp_clear": (SELF_HELP, None),
    "selfhelp_glossary": (SELF_HELP, None),
    "selfhelp_deadlines": (SELF_HELP, None),
    "org_interpreters": (ORG_WORK, None),
    "org_interpreter_edit": (ORG_WORK_RECORD, lambda c: {"pk": _interpreter(c).pk}),
    "org_interpreter_delete": (ORG_WORK_RECORD, lambda c: {"pk": _interpreter(c).pk}),
    "rosetta-old-home-redirect": (OPERATOR, None),
    "rosetta-file-list-redirect": (OPERATOR, None),
    "rosetta-file-list": (OPERATOR, lambda c: {"po_filter": "project"}),
    "rosetta-form": (OPERATOR, lambda c: {"po_filter": "project", "lang_id": "fr", "idx": 0}),
    "rosetta-download-file": (OPERATOR, lambda c: {"po_filter": "project", "lang_id": "fr", "idx": 0}),
    "rosetta.translate_text": (OPERATOR, None),  # machine suggestions: off, 404 for the operator too
}


# Viewers read but do not download originals unless granted, nor read the audit log: a 403, as they
# may know the case.
VIEWER_FORBIDDEN = frozenset({"evidence_original", "evidence_previous", "case_audit", "case_audit_csv",
                              "case_package"})

# What interpreters and experts reach: these pages, listing only what is shared with them ...
SHARED_LISTS = frozenset({"case_detail", "evidence", "evidence_status"})
# ... and these, for a document or an event shared with them (404 otherwise). Everything else is 404.
SHARED_ITEMS = frozenset({"evidence_document", "evidence_document_status", "evidence_original", "evidence_previous",
                          "evidence_pdf", "case_event"})


def _finding(case: Case) -> Any:
    """An adverse finding on a decision uploaded to the case (made again if a test deleted it)."""
    from article3.evidence.models import Document
    from article3.remedies.models import AdverseFinding

    found = AdverseFinding.objects.filter(case=case).first()
    if found is None:
        decision = Document.objects.filter(case=case).first()
        assert decision is not None
        Document.objects.filter(pk=decision.pk).update(kind="decision")
        found = AdverseFinding.objects.create(case=case, key="af-1", decision=decision, category="credibility",
                                              finding="Not credible.")
    return found


def _medical_finding(case: Case) -> Any:
    """A finding of the case's first document (made again if a test deleted it)."""
    from article3.evidence.services import finding_add

    document = case.documents.first()
    assert document is not None
    found = document.findings.first()
    return found or finding_add(actor="test", document=document, finding="Scars on both wrists.",
                                consistency="highly_consistent")


def _condition(case: Case) -> Any:
    from article3.remedies.services import condition_add

    found = case.grant_conditions.first()  # type: ignore[attr-defined]
    return found or condition_add(actor="test", case=case, kind="reporting", due=datetime.date(2027, 1, 5))


def _webhook(case: Case) -> Any:
    """A webhook of the case's organisation (to a closed port of this machine)."""
    from article3.api.webhooks import endpoint_add

    found = case.organisation.webhooks.first()
    if found is not None:
        return found
    with override_settings(WEBHOOK_PRIVATE_ADDRESSES=True):  # refused by default
        return endpoint_add(actor="test", organisation=case.organisation, url="http://127.0.0.1:9/hook",
                            events=["deadline.created"])


def _interpreter(case: Case) -> Any:
    """An interpreter on the list of the case's organisation (made again if a test deleted it)."""
    from article3.interpreters.services import interpreter_add

    found = case.organisation.interpreters.first()  # type: ignore[attr-defined]
    return found or interpreter_add(actor="test", organisation=case.organisation, name="Matrix Interpreter",
                                    languages=[{"language": "fr", "dialect": ""}])


def _booking(case: Case) -> Any:
    """A booking of that interpreter for a meeting on the case."""
    from article3.interpreters.services import booking_add

    found = case.interpreter_bookings.first()  # type: ignore[attr-defined]
    return found or booking_add(actor="test", case=case, kind="meeting", date=datetime.date(2027, 1, 5),
                                language="fr", interpreter=_interpreter(case))


def _client_access(case: Case) -> Any:
    """A family member's access to the portal of the case (made again if a test ended it)."""
    from article3.portal.services import client_invite

    found = case.client_accesses.filter(relationship="family", ended_at__isnull=True).first()  # type: ignore[attr-defined]
    return found or client_invite(actor="test", case=case, email=f"family{case.pk}@example.net",
                                  relationship="family", language="fr", consent="Said yes at the meeting.")[0]


def _client_answer(case: Case) -> Any:
    """An answer from the applicant, with a voice message (made again if a test deleted it)."""
    from article3.portal.models import ClientAnswer
    from article3.portal.services import answer_add, client_invite

    found = ClientAnswer.objects.filter(case=case, status="waiting").first()
    access = (case.client_accesses.filter(relationship="applicant").first()  # type: ignore[attr-defined]
              or client_invite(actor="test", case=case, email=f"applicant{case.pk}@example.net",
                               relationship="applicant", language="ar")[0])
    return found or answer_add(actor=access.user, access=access, topic="Topic", question="Why?", answer="Because.",
                               language="ar", voice=io.BytesIO(b"OggS voice"), voice_type="audio/ogg")


def _alice_id(case: Case) -> int:
    return int(case.team.get(user__email="alice@example.org").user_id)


def _agent(case: Case) -> str:
    from article3.cases.services import feared_agent_add

    agent = case.feared_agents.first() or feared_agent_add(actor="test", case=case, description="Militia")
    return str(agent.key)


def _remedy(case: Case) -> str:
    from article3.chronology.services import remedy_add

    remedy = case.domestic_remedies.first() or remedy_add(actor="test", case=case, body="police", outcome="refused")
    return str(remedy.key)


def _build(case: Case) -> Any:
    """A finished build with one volume, made without running the engine."""
    from article3.bundles.models import BundleBuild, BundleVolume

    build = BundleBuild.objects.filter(case=case).first()
    if build is None:
        build = BundleBuild.objects.create(case=case, profile="generic", requested_by="test", status="done")
        sha = case.documents.first().original_sha256  # type: ignore[union-attr]
        BundleVolume.objects.create(build=build, number=1, name="b.pdf", sha256=sha, pages=1, bytes=1,
                                    first_page=1, last_page=1)
    return build


def _export(case: Case) -> Any:
    """A gap report made as a PDF, as the worker leaves it (the file stored without drawing one)."""
    from article3.exports.models import CaseExport

    found = CaseExport.objects.filter(case=case).first()
    if found is None:
        sha = vault().put(stream=io.BytesIO(b"%PDF-1.7 a gap report")).sha256
        found = CaseExport.objects.create(case=case, kind="gap_report", status="done", requested_by="test",
                                          sha256=sha, filename="gap-report.pdf", content_type="application/pdf",
                                          bytes=21)
    return found


def _reading(case: Case) -> Any:
    """A document read for dated statements, as the worker leaves it."""
    from django.utils import timezone

    from article3.chronology.models import StatementExtraction

    document = chron.document_for(case)
    found, _ = StatementExtraction.objects.get_or_create(document=document, defaults={
        "text_version": "test", "status": "done", "requested_at": timezone.now()})
    return found


def _previous_original(case: Case) -> int:
    """Number 1 of the first document's previous originals (recorded as a replace would)."""
    from article3.evidence.models import PreviousOriginal

    document = case.documents.first()
    assert document is not None
    PreviousOriginal.objects.get_or_create(document=document, sha256=document.original_sha256)
    return 1


def _report(case: Case) -> Any:
    """A report in the library of the case's organisation, stored without the import pipeline."""
    from article3.coi.models import Report
    from article3.evidence.storage import vault

    sha = vault().put(stream=io.BytesIO(b"Arrests were reported.")).sha256
    report, _ = Report.objects.get_or_create(
        organisation_id=case.organisation_id, sha256=sha,
        defaults={"title": "Report", "text_sha256": sha, "file_type": "txt", "derived_sha256": sha,
                  "imported_by": "test"})
    return report


def _import(case: Case) -> Any:
    """A report import of the case's organisation, as the import form leaves it (queued)."""
    from article3.coi.models import ReportImport

    job, _ = ReportImport.objects.get_or_create(organisation_id=case.organisation_id, file_sha256="0" * 64,
                                                defaults={"requested_by": "test"})
    return job


def all_names(resolver: URLResolver | None = None) -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name


def _alice_token(case: Case) -> int:
    from article3.api.services import token_create

    return token_create(actor="test", user=case.team.get(user__email="alice@example.org").user,
                        organisation=case.organisation, name="t", scope="read")[0].pk


def test_every_url_pattern_is_in_the_matrix() -> None:
    """API routes have their own matrix, with tokens: tests/api/test_matrix.py."""
    from tests.api.test_matrix import API_ROUTES

    unmapped = sorted(set(all_names()) - set(ROUTES) - set(API_ROUTES))
    assert unmapped == [], f"add these URL names to ROUTES in {__file__}: {unmapped}"


def request_as(user: User | None, url: str, access: str) -> int:
    client = client_for(user)
    method = client.post if access in (CASE_POST, CASE_READ_POST) else client.get
    return method(url).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a in CASE_ACCESS))
def test_case_routes(name: str, case: Case, alice: User, bob: User, dave: User, charlie: User,
                     deactivated: User, applicant: User) -> None:
    from article3.cases.services import person_add
    from article3.evidence.services import document_add

    person_add(actor="test", case=case, role="family", name="Canary Person", relation="sister")
    document_add(actor="test", case=case, stream=io.BytesIO(b"A witness statement."), filename="w.txt",
                 kind="witness_statement", process=False)
    access, kwargs = ROUTES[name]
    assert kwargs is not None
    url = reverse(name, kwargs=kwargs(case))
    assert request_as(alice, url, access) < 400, "the case owner can use it"
    bob_status = request_as(bob, url, access)
    expected = 200 if access == CASE_READ and name not in VIEWER_FORBIDDEN else 403
    expected = 302 if access == CASE_READ_POST else expected  # asked, then sent to the file's page
    assert bob_status == expected, "a viewer reads but does not edit (nor download originals)"
    assert request_as(dave, url, access) == 404, "same organisation, not on the team"
    assert request_as(charlie, url, access) == 404, "another organisation's admin"
    assert request_as(applicant, url, access) == 404, "the case's own client reaches none of the team's pages"
    sends_to_login(url, deactivated, "post" if access in (CASE_POST, CASE_READ_POST) else "get")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (a, _) in ROUTES.items() if a in CASE_ACCESS))
def test_case_routes_for_need_to_know_roles(name: str, case: Case, org_a: Any) -> None:
    """Interpreters and experts: 404 on all that is not shared with them, 200 on what is."""
    from article3.accounts.models import Role
    from article3.cases.models import CaseMember
    from article3.cases.services import case_share_set, person_add, team_member_add
    from article3.evidence.services import document_add
    from tests.conftest import make_user

    person_add(actor="test", case=case, role="family", name="Canary Person", relation="sister", at_risk=True)
    document_add(actor="test", case=case, stream=io.BytesIO(b"A witness statement."), filename="w.txt",
                 kind="witness_statement", process=False)
    people = []
    for email, role in (("ivan@example.org", Role.INTERPRETER), ("erin@example.org", Role.EXPERT)):
        people.append(make_user(org_a, email, role))
        team_member_add(actor="test", case=case, user_id=people[-1].pk, role=role)
    access, kwargs = ROUTES[name]
    assert kwargs is not None
    url = reverse(name, kwargs=kwargs(case))
    for person in people:
        status = request_as(person, url, access)
        assert status == (200 if name in SHARED_LISTS else 404), f"{person.email}, nothing shared yet"
    for seat in CaseMember.objects.filter(case=case, user__in=people):
        for document in case.documents.all():
            case_share_set(actor="test", seat=seat, document=document, shared=True)
        for event in case.events.all():  # type: ignore[attr-defined]
            case_share_set(actor="test", seat=seat, event=event, shared=True)
    for person in people:
        status = request_as(person, url, access)
        if name in SHARED_LISTS | SHARED_ITEMS:
            assert status == 200, f"{person.email} reaches what is shared"
        else:
            assert status == 404, f"{person.email} sees nothing else of the case"


@pytest.mark.django_db
def test_signed_in_routes_send_anonymous_to_login(alice: User) -> None:
    for name in (n for n, (a, _) in ROUTES.items() if a == SIGNED_IN):
        url = reverse(name)
        assert client_for(alice).get(url).status_code == 200
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def sends_to_login(url: str, deactivated: User, *methods: str) -> None:
    """Nobody signed in, and a deactivated account, are sent to sign in (with each of `methods`)."""
    for outsider in (None, deactivated):
        for method in methods or ("get",):
            response = getattr(client_for(outsider), method)(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_signed_in_posts(alice: User) -> None:
    for name in (n for n, (a, _) in ROUTES.items() if a == SIGNED_IN_POST):
        assert client_for(alice).post(reverse(name)).status_code == 302
        response = client_for(None).post(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_own_token_routes(case: Case, alice: User, bob: User, charlie: User, deactivated: User) -> None:
    for name in (n for n, (a, _) in ROUTES.items() if a == OWN_TOKEN):
        kwargs = ROUTES[name][1]
        assert kwargs is not None
        url = reverse(name, kwargs=kwargs(case))
        for other in (bob, charlie):
            assert client_for(other).post(url).status_code == 404, "not their token"
        sends_to_login(url, deactivated, "post")
        assert client_for(alice).post(url).status_code == 302


@pytest.mark.django_db
def test_unknown_case_is_404_for_everyone(alice: User) -> None:
    url = reverse("case_detail", kwargs={"case_id": "00000000-0000-0000-0000-000000000000"})
    assert client_for(alice).get(url).status_code == 404
