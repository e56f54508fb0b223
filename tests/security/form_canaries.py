"""Free text typed into every web form of a case, each field its own canary (issue 17).

`POSTS` lists, for each form class, a page that takes it and what a person would type there,
with a canary in every field that takes free text (its place reads `form <Form>.<field>`).
`seed_through_forms` posts them all as the case's attorney, through the real views, services and
task queue; `stored` then reads them back through the ORM, so a form that refused its input (and
stored nothing, which would make the leak scan pass for the wrong reason) fails the test.

`test_form_canaries.py` checks that every free-text field of every form class in the app is
either seeded here or listed in `NOT_CASE_TEXT` with the reason it holds no client's text: a form
or a field added tomorrow fails until it is one or the other.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from article3.cases.models import Case
from tests.security.canaries import Canaries

Token = Callable[[str], str]  # place -> a new canary for it

# (form class, field) -> why no client's text goes in (the field is validated to a code, or the
# form is the organisation's own, or nothing typed there is stored).
CODE = "validated to a code, a number or a date: typed text is refused"
SELF_HELP = "the self-help interview's, posted by a visitor without an account (see below)"
NOT_CASE_TEXT: dict[tuple[str, str], str] = {
    ("LoginForm", "email"): "the user's own sign-in address",
    # The crawl posts as the case's attorney; this form is the client's, in the portal. What the client
    # types there becomes the document's title (encrypted): tests/portal/test_portal.py reads it back.
    ("UploadForm", "note"): "the client's own portal form (see above)",
    ("TokenForm", "token"): "a one-time second-factor code, never stored",
    # The self-help interview's forms are a visitor's, not the attorney's: tests/selfhelp/test_storage.py
    # posts a canary in each free-text field, reads it back and scans the raw rows for it.
    ("HelpNameForm", "name"): SELF_HELP,
    ("HelpOtherNamesForm", "other_names"): SELF_HELP,
    ("HelpDialectForm", "interpreter_dialect"): SELF_HELP,
    ("HelpStoryForm", "text"): SELF_HELP,
    ("HelpEventForm", "description"): SELF_HELP,
    ("HelpEventForm", "place"): SELF_HELP,
    ("HelpEventForm", "who"): SELF_HELP,
    ("HelpAgentForm", "description"): SELF_HELP,
    ("HelpAgentForm", "link_to_officials"): SELF_HELP,
    ("HelpRemedyForm", "description"): SELF_HELP,
    ("HelpRemedyForm", "consequence"): SELF_HELP,
    ("HelpFamilyForm", "name"): SELF_HELP,
    ("HelpFamilyForm", "relation"): SELF_HELP,
    ("HelpFamilyForm", "notes"): SELF_HELP,
    ("HelpBirthForm", "birth_date"): CODE,
    ("HelpEventForm", "date"): CODE,
    ("HelpRemedyForm", "date"): CODE,
    ("HelpResumeForm", "code"): "the self-help resume code: compared with its digest, never stored",
    ("HelpRecipientForm", "key"): "a recipient's public key (age1...): validated as one, never stored",
    ("InviteForm", "email"): "a colleague's sign-in address, for the organisation's own list of members",
    ("CaseCreateForm", "reference"): "the firm's file number, plain by design (shown in lists and file names)",
    ("CaseCreateForm", "country_of_return"): CODE,
    ("CaseForm", "country_of_return"): CODE,
    ("ApplicantForm", "birth_date"): CODE,
    ("ApplicantForm", "nationality"): CODE,
    ("ApplicantForm", "interpreter_language"): CODE,
    ("SearchForm", "q"): "a search of the organisation's library, run and not stored",
    ("SearchForm", "country"): CODE,
    ("SearchForm", "since"): CODE,
    ("ImportForm", "countries"): "the organisation's country-information library, not a client's case",
    ("ImportForm", "title"): "the organisation's country-information library, not a client's case",
    ("ImportForm", "publisher"): "the organisation's country-information library, not a client's case",
    ("ImportForm", "date"): CODE,
    ("ImportForm", "url"): "the organisation's country-information library, not a client's case",
    ("ImportForm", "language"): CODE,
    ("ImportForm", "series"): "the organisation's country-information library, not a client's case",
    ("SourceForm", "name"): "the organisation's country-information feeds, not a client's case",
    ("SourceForm", "url"): "the organisation's country-information feeds, not a client's case",
    ("SourceForm", "countries"): "the organisation's country-information feeds, not a client's case",
    ("SourceForm", "publisher"): "the organisation's country-information feeds, not a client's case",
    ("CiteForm", "quote"): "the words of a published report, plain by design (see test_plaintext_columns)",
    ("RenumberForm", "mapping"): CODE,
    ("UploadForm", "language"): CODE,
    ("UploadForm", "date"): CODE,
    ("DocumentForm", "date"): CODE,
    ("DocumentForm", "language"): CODE,
    ("DocumentForm", "certificate_date"): CODE,
    ("DocumentForm", "examination_date"): CODE,
    ("SupportForm", "pages"): CODE,
    ("SupportEditForm", "pages"): CODE,
    **{(form, "date"): "checked by the one fuzzy-date parser: typed text is refused" for form in (
        "EventForm", "EventEditForm", "AccountForm", "AccountEditForm", "RemedyForm", "RemedyEditForm")},
    ("StatementForm", "token"): "a signed reference to a proposed statement, made by the program",
    # The extraction assistant's form hands its title, date and place to the same service as the
    # event form (chronology.services.event_add), seeded below through that form.
    ("StatementForm", "title"): "stored by chronology.services.event_add, seeded through EventForm",
    ("StatementForm", "place"): "stored by chronology.services.event_add, seeded through EventForm",
    ("StatementForm", "date"): CODE,
    ("AnswerForm", "question"): "the number of a question Article3 wrote, checked against the case's questions",
    ("WebhookForm", "url"): "the organisation's own system's address, set by its admin, not a client's case",
    ("RemovalForm", "identifier"): CODE + " (the forum's number format; stored encrypted)",
    ("DraftForm", "kind"): "one of the urgent steps the forum's rules list: anything else is refused",
    ("BookingForm", "language"): CODE + " (a language's name is turned into its code, anything else refused)",
    ("BookingEditForm", "language"): CODE + " (a language's name is turned into its code, anything else refused)",
}


@dataclass(frozen=True)
class Post:
    form: str  # the form class the page takes
    url: str  # URL name
    kwargs: Callable[[Case], dict[str, Any]]
    data: Callable[[Case, Token], dict[str, Any]]


def _case(case: Case) -> dict[str, Any]:
    return {"case_id": case.public_id}


def _key(related: str) -> Callable[[Case], dict[str, Any]]:
    return lambda case: {**_case(case), "key": getattr(case, related).order_by("pk").first().key}


def _version(manager: str) -> Callable[[Case], int]:
    """The version of the case's first row of `manager` (0 before the row is made)."""
    return lambda case: getattr(getattr(case, manager).order_by("pk").first(), "version", 0)


def _account(case: Case) -> Any:
    from article3.chronology.models import Account

    return Account.objects.filter(event__case=case).order_by("pk").first()


def _support(case: Case) -> Any:
    from article3.claims.models import Support

    return Support.objects.filter(fact__case=case).order_by("pk").first()


def _custom(case: Case) -> Any:
    """A deadline of the team's own to edit, made before the form that adds one is posted."""
    from article3.deadlines.services import deadline_custom_add

    found = case.deadlines.filter(origin="custom").order_by("pk").first()
    return found or deadline_custom_add(actor="test", case=case, title="To edit", due=datetime.date(2027, 1, 4))


def _computed(case: Case) -> Any:
    return case.deadlines.exclude(origin="custom").order_by("pk").first()


def _decision(case: Case) -> Any:
    return case.decisions.order_by("pk").first()


def _interim(case: Case) -> Any:
    return case.interim_requests.order_by("pk").first()


def _conflict(case: Case) -> str:
    """A date conflict: two interviews that put the same event a year apart."""
    from article3.chronology import services
    from article3.chronology.conflicts import conflicts
    from article3.chronology.selectors import chronology_snapshot

    event = services.event_add(actor="test", case=case, kind="threat", title="Threat", date="2019-05-01")
    services.account_add(actor="test", event=event, interview="First interview", date="2019-05-01")
    services.account_add(actor="test", event=event, interview="Second interview", date="2020-08-01")
    return next(c.id for c in conflicts(chronology_snapshot(case=case)) if event.key in c.event_keys)


def _passage(case: Case) -> int:
    """A passage of the organisation's library that the case does not cite yet."""
    import hashlib

    from article3.coi.models import Passage, Report

    digest = hashlib.sha256(f"form passage {case.organisation_id}".encode()).hexdigest()
    report, _ = Report.objects.get_or_create(
        organisation=case.organisation, sha256=digest, defaults={
            "title": "Country report", "publisher": "Rights Monitor", "text_sha256": digest, "file_type": "txt",
            "imported_by": "test"})
    passage, _ = Passage.objects.get_or_create(report=report, paragraph=1, page=1,
                                               defaults={"text": "Detainees were beaten."})
    return int(passage.pk)


def _open_questions(case: Case) -> list[str]:
    from article3.hearing.questions import preparation

    answered = set(case.cross_answers.values_list("question_id", flat=True))
    return [q.id for q in preparation(case=case).questions if not q.answered and q.id not in answered]


def _question(case: Case) -> str:
    return _open_questions(case)[0]


def _made(related: str, make: Callable[[Case], Any]) -> Callable[[Case], dict[str, Any]]:
    """The URL of the case's first row of `related`, made by `make` (through the service, as a button
    would) when there is none: the edit form then changes that row, and the add form posted after it
    makes a row of its own, so each keeps its canaries."""
    def kwargs(case: Case) -> dict[str, Any]:
        if not getattr(case, related).exists():
            make(case)
        return _pk(related)(case)
    return kwargs


def _make_answer(case: Case) -> None:
    from article3.hearing.services import answer_record

    answer_record(actor="test", case=case, question_id=_open_questions(case)[-1], answer="To edit")


def _make_outline_item(case: Case) -> None:
    from article3.hearing.outline import outline_item_add

    outline_item_add(actor="test", case=case, title="To edit", elicit="", witnesses="")


def _make_note(case: Case) -> None:
    from article3.hearing.notes import note_add

    note_add(actor="test", case=case, text="To edit")


def _first(related: str) -> Callable[[Case], Any]:
    return lambda case: getattr(case, related).order_by("pk").first()


def _pk(related: str) -> Callable[[Case], dict[str, Any]]:
    return lambda case: {**_case(case), "pk": _first(related)(case).pk}


def _witness(case: Case) -> dict[str, Any]:
    """The case's first person, put on the witness list (by a button, not a form) to edit."""
    from article3.hearing import witnesses

    if not case.witnesses.exists():
        witnesses.witness_add(actor="test", case=case, person_key=case.people.order_by("pk").first().key)
    return _pk("witnesses")(case)


def _interpreter(case: Case) -> Any:
    """The first interpreter of the case's organisation, made through the service (as a form would) if none."""
    from article3.interpreters.services import interpreter_add

    found = case.organisation.interpreters.order_by("pk").first()
    return found or interpreter_add(actor="test", organisation=case.organisation, name="To edit",
                                    languages=[{"language": "fr", "dialect": ""}])


def _make_booking(case: Case) -> None:
    from article3.interpreters.services import booking_add

    booking_add(actor="test", case=case, kind="meeting", date=datetime.date(2027, 1, 4), language="fr",
                interpreter=_interpreter(case))


def _interpreter_fields(form: str, c: Token) -> dict[str, Any]:
    return {"name": c(f"form {form}.name"), "languages": f"Arabic — {c(f'form {form}.languages')}\nTigrinya",
            "gender": "woman", "active": "on",
            **{f: c(f"form {form}.{f}") for f in ("qualifications", "contact", "conflicts")}}


def _decision_document(case: Case) -> int:
    """A decision in the case's documents, for the findings made in it."""
    import io

    from article3.evidence.services import document_add

    found = case.documents.filter(kind="decision").order_by("pk").first()
    found = found or document_add(actor="test", case=case, stream=io.BytesIO(b"Decision."), filename="decision.txt",
                                  kind="decision", process=False)
    return int(found.pk)


def _medical_finding(case: Case) -> dict[str, Any]:
    from article3.evidence.models import MedicalFinding

    found = MedicalFinding.objects.filter(document__case=case).order_by("pk").first()
    return {**_case(case), "key": found.document.key, "pk": found.pk}


def _medical_finding_version(case: Case) -> int:
    from article3.evidence.models import MedicalFinding

    found = MedicalFinding.objects.filter(document__case=case).order_by("pk").first()
    return found.version if found is not None else 0


def _file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.txt", text.encode(), content_type="text/plain")


POSTS: list[Post] = [
    Post("CaseCreateForm", "case_create", lambda case: {}, lambda case, c: {
        "reference": "FORM-CASE-2", "forum": "us-eoir", "country_of_return": "CM",
        "applicant_name": c("form CaseCreateForm.applicant_name")}),
    Post("ApplicantForm", "case_intake_applicant", _case, lambda case, c: {
        "name": c("form ApplicantForm.name"), "birth_date": "1990", "nationality": "CM", "interpreter_language": "fr",
        "interpreter_dialect": c("form ApplicantForm.interpreter_dialect"),
        "background": c("form ApplicantForm.background"), "version": case.applicant.version}),
    Post("ProfileForm", "case_intake_profile", _case, lambda case, c: {
        **{f: c(f"form ProfileForm.{f}") for f in ("risk_profile", "risk_terms", "no_remedy_reason",
                                                      "prior_immigration")}, "version": case.version}),
    Post("EventForm", "case_intake_event", lambda case: {**_case(case), "section": "harm"}, lambda case, c: {
        "harm-kind": "harm", "harm-title": c("form EventForm.title (intake)"), "harm-date": "2019-03",
        "harm-place": c("form EventForm.place (intake)"), "harm-description": c("form EventForm.description (intake)"),
        "harm-concerns_applicant": "on"}),
    Post("RemedyForm", "case_intake_remedy", _case, lambda case, c: {
        "date": "2019-04", "body": "police", "outcome": "refused", "description": c("form RemedyForm.description"),
        "consequence": c("form RemedyForm.consequence")}),
    Post("PersonForm", "case_person_add", _case, lambda case, c: {
        "role": "family", "name": c("form PersonForm.name"), "relation": c("form PersonForm.relation"),
        "notes": c("form PersonForm.notes")}),
    Post("PersonEditForm", "case_person_edit", _key("people"), lambda case, c: {
        "role": "family", "name": c("form PersonEditForm.name"), "relation": c("form PersonEditForm.relation"),
        "notes": c("form PersonEditForm.notes"), "version": _version("people")(case)}),
    Post("AgentForm", "case_agent_add", _case, lambda case, c: {
        "description": c("form AgentForm.description"), "link_to_officials": c("form AgentForm.link_to_officials")}),
    Post("AgentEditForm", "case_agent_edit", _key("feared_agents"), lambda case, c: {
        "description": c("form AgentEditForm.description"), "official": "on",
        "link_to_officials": c("form AgentEditForm.link_to_officials"), "version": _version("feared_agents")(case)}),
    Post("RemedyEditForm", "case_remedy_edit", _key("domestic_remedies"), lambda case, c: {
        "date": "2019-04-02", "body": "court", "outcome": "dismissed",
        "description": c("form RemedyEditForm.description"), "consequence": c("form RemedyEditForm.consequence"),
        "version": _version("domestic_remedies")(case)}),
    Post("SafetyPlanForm", "case_safety_plan", _case, lambda case, c: {
        **{f: c(f"form SafetyPlanForm.{f}") for f in (
            "trusted_contacts", "emergency_contacts", "legal_contacts", "originals_location", "medical_referrals",
            "psychological_referrals", "housing_referrals", "organisation_referrals", "routines")},
        "version": case.safety_plan.version}),
    Post("EventForm", "case_event_add", _case, lambda case, c: {
        "kind": "detention", "title": c("form EventForm.title"), "date": "2019-03-14",
        "place": c("form EventForm.place"), "actors": c("form EventForm.actors"),
        "description": c("form EventForm.description"), "concerns_applicant": "on"}),
    Post("EventEditForm", "case_event_edit", _key("events"), lambda case, c: {
        "kind": "detention", "title": c("form EventEditForm.title"), "date": "2019-03-15",
        "place": c("form EventEditForm.place"), "actors": c("form EventEditForm.actors"),
        "description": c("form EventEditForm.description"), "concerns_applicant": "on",
        "version": _version("events")(case)}),
    Post("AccountForm", "case_account_add", _key("events"), lambda case, c: {
        "interview": c("form AccountForm.interview"), "date": "2019-03", "place": c("form AccountForm.place"),
        "quote": c("form AccountForm.quote")}),
    Post("AccountEditForm", "case_account_edit",
         lambda case: {**_case(case), "key": _account(case).event.key, "account_id": _account(case).pk},
         lambda case, c: {"interview": c("form AccountEditForm.interview"), "date": "2019-03",
                          "place": c("form AccountEditForm.place"), "quote": c("form AccountEditForm.quote"),
                          "version": _account(case).version}),
    Post("ConflictNoteForm", "case_conflict_answer", lambda case: {**_case(case), "conflict_id": _conflict(case)},
         lambda case, c: {"status": "explained", "note": c("form ConflictNoteForm.note")}),
    Post("FactForm", "case_fact_add", _case, lambda case, c: {
        "text": c("form FactForm.text"), "elements": ["past_torture"]}),
    Post("FactEditForm", "case_fact_edit", _key("facts"), lambda case, c: {
        "text": c("form FactEditForm.text"), "elements": ["past_torture"], "version": _version("facts")(case)}),
    Post("SupportForm", "case_support_add", _key("facts"), lambda case, c: {
        "kind": "testimony", "pages": "", "note": c("form SupportForm.note")}),
    Post("SupportEditForm", "case_support_edit",
         lambda case: {**_case(case), "key": _support(case).fact.key, "support_id": _support(case).pk},
         lambda case, c: {"kind": "testimony", "pages": "2", "note": c("form SupportEditForm.note"),
                          "version": _support(case).version}),
    Post("DecisionForm", "deadlines_decision_add", _case, lambda case, c: {
        "date": "2026-06-15", "trigger": "ij_decision", "service": "mail", "outcome": "denied",
        "decision_maker": c("form DecisionForm.decision_maker"), "relief": c("form DecisionForm.relief"),
        "reasons_note": c("form DecisionForm.reasons_note")}),
    Post("DecisionEditForm", "deadlines_decision_edit", lambda case: {**_case(case), "key": _decision(case).key},
         lambda case, c: {"date": "2026-05-04", "trigger": "ij_decision", "service": "mail", "outcome": "denied",
                          "decision_maker": c("form DecisionEditForm.decision_maker"),
                          "relief": c("form DecisionEditForm.relief"),
                          "reasons_note": c("form DecisionEditForm.reasons_note"), "version": _decision(case).version}),
    Post("InterimEditForm", "deadlines_interim_edit", lambda case: {**_case(case), "pk": _interim(case).pk},
         lambda case, c: {"kind": "stay_of_removal", "status": "draft",
                          "addressed_to": c("form InterimEditForm.addressed_to"),
                          "reference": c("form InterimEditForm.reference"), "note": c("form InterimEditForm.note"),
                          "version": _interim(case).version}),
    Post("InterimForm", "deadlines_interim_add", _case, lambda case, c: {
        "kind": "stay_of_removal", "status": "draft", "addressed_to": c("form InterimForm.addressed_to"),
        "reference": c("form InterimForm.reference"), "note": c("form InterimForm.note")}),
    Post("CustomDeadlineEditForm", "deadlines_edit", lambda case: {**_case(case), "pk": _custom(case).pk},
         lambda case, c: {"title": c("form CustomDeadlineEditForm.title"), "due": "2027-01-06",
                          "note": c("form CustomDeadlineEditForm.note"), "version": _custom(case).version}),
    Post("CustomDeadlineForm", "deadlines_add", _case, lambda case, c: {
        "title": c("form CustomDeadlineForm.title"), "due": "2027-01-05", "note": c("form CustomDeadlineForm.note")}),
    Post("DeadlineNoteForm", "deadlines_edit", lambda case: {**_case(case), "pk": _computed(case).pk},
         lambda case, c: {"note": c("form DeadlineNoteForm.note"), "version": _computed(case).version}),
    Post("UploadForm", "evidence_upload", _case, lambda case, c: {
        "kind": "declaration", "language": "en", "title": c("form UploadForm.title"),
        "uploads": _file(c("form UploadForm file name"),
                         f"Declaration. {c('file sent through UploadForm: its text')}\n")}),
    Post("DocumentForm", "evidence_document", _key("documents"), lambda case, c: {
        "kind": "medical", "date": "2025-02", "language": "en", "examination_date": "2025-01-20",
        **{f: c(f"form DocumentForm.{f}") for f in (
            "title", "author", "received_from", "received_how", "translator", "translator_competence",
            "translator_address", "translator_phone", "qualifications", "examiner")},
        "version": _version("documents")(case)}),
    Post("ReplaceForm", "evidence_replace", _key("documents"), lambda case, c: {
        "file": _file(c("form ReplaceForm file name"), f"Report. {c('file sent through ReplaceForm: its text')}\n"),
        "reason": c("form ReplaceForm.reason"), "confirm": "on", "version": _version("documents")(case)}),
    Post("FindingForm", "evidence_finding_add", _key("documents"), lambda case, c: {
        "finding": c("form FindingForm.finding"), "attributed_to": c("form FindingForm.attributed_to"),
        "consistency": "consistent"}),
    Post("FindingEditForm", "evidence_finding_edit", _medical_finding, lambda case, c: {
        "finding": c("form FindingEditForm.finding"), "attributed_to": c("form FindingEditForm.attributed_to"),
        "consistency": "highly_consistent", "version": _medical_finding_version(case)}),
    Post("GenerateForm", "case_docs_generate", _case, lambda case, c: {
        "kind": "service_certificate", "served_on": c("form GenerateForm.served_on"),
        "method": c("form GenerateForm.method"), "date": "2026-11-20", "by_whom": c("form GenerateForm.by_whom"),
        "documents_served": c("form GenerateForm.documents_served")}),
    Post("GenerateForm", "case_docs_generate", _case, lambda case, c: {
        "kind": "un_cat_communication", "cat_state": "CA", "removal_date": "2026-12-01",
        "removal_details": c("form GenerateForm.removal_details")}),
    Post("CiteForm", "case_coi_cite", _case, lambda case, c: {
        "passage": _passage(case), "elements": ["past_torture"], "quote": "", "note": c("form CiteForm.note")}),
    Post("AnswerEditForm", "case_hearing_answer_edit", _made("cross_answers", _make_answer), lambda case, c: {
        "answer": c("form AnswerEditForm.answer"), "version": _version("cross_answers")(case)}),
    Post("AnswerForm", "case_hearing_answer_add", _case, lambda case, c: {
        "question": _question(case), "answer": c("form AnswerForm.answer")}),
    Post("OutlineItemEditForm", "case_hearing_outline_edit", _made("outline_items", _make_outline_item),
         lambda case, c: {**{f: c(f"form OutlineItemEditForm.{f}") for f in ("title", "elicit", "witnesses")},
                          "version": _version("outline_items")(case)}),
    Post("OutlineItemForm", "case_hearing_outline_add", _case, lambda case, c: {
        f: c(f"form OutlineItemForm.{f}") for f in ("title", "elicit", "witnesses")}),
    Post("NoteEditForm", "case_hearing_note_edit", _made("hearing_notes", _make_note), lambda case, c: {
        "text": c("form NoteEditForm.text"), "judge_asked": "on", "version": _version("hearing_notes")(case)}),
    Post("NoteForm", "case_hearing_note_add", _case, lambda case, c: {
        "question": "", "text": c("form NoteForm.text")}),
    Post("WitnessForm", "case_hearing_witness_edit", _witness, lambda case, c: {
        "speaks_to": c("form WitnessForm.speaks_to"), "language": c("form WitnessForm.language"),
        "interpreter_needed": "on", "version": _version("witnesses")(case)}),
    Post("CareForm", "case_hearing_care_save", _case, lambda case, c: {
        f: c(f"form CareForm.{f}") for f in (
            "breaks", "triggers", "interviewer_gender", "interpreter_gender", "accommodations")}),
    Post("InterpreterEditForm", "org_interpreter_edit", lambda case: {"pk": _interpreter(case).pk},
         lambda case, c: {**_interpreter_fields("InterpreterEditForm", c), "version": _interpreter(case).version}),
    Post("InterpreterForm", "org_interpreters", lambda case: {},
         lambda case, c: _interpreter_fields("InterpreterForm", c)),
    Post("BookingEditForm", "case_hearing_interpreter_edit", _made("interpreter_bookings", _make_booking),
         lambda case, c: {"kind": "interview", "date": "2027-01-12", "time": "09:30", "language": "Arabic",
                          "dialect": c("form BookingEditForm.dialect"), "gender": "woman",
                          "interpreter": _interpreter(case).pk, "note": c("form BookingEditForm.note"),
                          "version": _version("interpreter_bookings")(case)}),
    Post("BookingForm", "case_hearing_interpreter_add", _case, lambda case, c: {
        "kind": "meeting", "date": "2027-01-10", "time": "", "language": "ar",
        "dialect": c("form BookingForm.dialect"), "gender": "", "interpreter": _interpreter(case).pk,
        "note": c("form BookingForm.note")}),
    Post("RemovalForm", "remedies_removal_save", _case, lambda case, c: {
        "removal_date": "2027-01-05", "removal_time": "", "identifier": "",
        **{f: c(f"form RemovalForm.{f}") for f in ("detention_place", "transfer_risk", "contact_arrangements")}}),
    Post("DraftForm", "remedies_draft", _case, lambda case, c: {
        "kind": "stay_motion", "state_party": c("form DraftForm.state_party")}),
    Post("FindingForm", "remedies_findings", _case, lambda case, c: {
        "decision": _decision_document(case), "page": "3", "paragraph": "12", "category": "credibility",
        "element": "", "finding": c("form FindingForm.finding (adverse)"), "answer": c("form FindingForm.answer")}),
    Post("ConditionForm", "remedies_conditions", _case, lambda case, c: {
        "kind": "reporting", "due": "2027-02-01", "details": c("form ConditionForm.details")}),
    Post("MessageForm", "case_client_message", _case, lambda case, c: {"body": c("form MessageForm.body")}),
    Post("TokenForm", "account_tokens", lambda case: {}, lambda case, c: {
        "name": c("form TokenForm.name"), "scope": "read", "days": "30"}),
    Post("WithdrawForm", "evidence_withdraw", _key("documents"), lambda case, c: {
        "reason": c("form WithdrawForm.reason"), "version": _version("documents")(case)}),
]


def post_one(*, owner: Any, case: Case, post: Post, canaries: Canaries,
             override: dict[str, Any] | None = None) -> int:
    """Post one form as `owner`, as the browser would; return the response's status."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(owner)
    url = reverse(post.url, kwargs=post.kwargs(case) or None)
    return int(client.post(url, {**post.data(case, canaries.new), **(override or {})}).status_code)


def seed_through_forms(*, owner: Any, case: Case, canaries: Canaries) -> dict[str, int]:
    """Post every form in `POSTS` as `owner`; return the status of each post by form and URL name."""
    return {f"{post.form} at {post.url}": post_one(owner=owner, case=case, post=post, canaries=canaries)
            for post in POSTS}


def stored(canaries: Canaries, prefix: str = "form ") -> set[str]:
    """The places of the canaries (typed into forms) that the database holds, read through the ORM."""
    from django.apps import apps

    wanted = {token for token, place in canaries.where.items() if place.startswith(prefix)}
    found: set[str] = set()
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*names):
            text = " ".join(str(value) for value in row)
            found |= {token for token in wanted if token in text}
    return {canaries.where[token] for token in found}
