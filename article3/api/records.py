"""Write routes for the records of a case that the web edits with a form: events and their accounts,
domestic remedies, facts and their support, deadlines, decisions and interim requests. Each route is
the web's form and service (the same validation, messages, audit and version check), reached with a
token: adding answers 201, a change names the `version` it read (409 when stale), a delete answers 204.
Each row reads as `case show` prints it; a record names another by its key (`d-1`, `e-2`), as there."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from article3.api import schema, views
from article3.api.views import CASE_ID, KEY, CaseScoped, audit_read, body, form_errors, problems
from article3.cases.forms import RemedyEditForm, RemedyForm
from article3.cases.models import Case
from article3.cases.selectors import need_to_know, shared_events_for_user
from article3.chronology import services as chronology
from article3.chronology.forms import AccountEditForm, AccountForm, EventEditForm, EventForm, actors_to_text
from article3.chronology.models import Account
from article3.claims import services as claims
from article3.claims.forms import FactEditForm, FactForm, SupportEditForm, SupportForm
from article3.claims.models import Support
from article3.deadlines import services as deadlines
from article3.deadlines.forms import (
    DECISION_FIELDS,
    ComputeForm,
    CustomDeadlineEditForm,
    CustomDeadlineForm,
    DeadlineNoteForm,
    DecisionEditForm,
    DecisionForm,
    InterimEditForm,
    InterimForm,
)
from article3.evidence import services as evidence
from article3.evidence.forms import DocumentForm, FindingEditForm, FindingForm
from article3.evidence.models import MedicalFinding
from article3.evidence.selectors import documents_for_user
from article3.interchange.record import row_record

Form = django_forms.BaseForm


@dataclass(frozen=True)
class Parent:
    """What a kind of record hangs from, when it is not a record the API writes here (a document)."""

    one: str
    rows: Callable[[Request, Case], QuerySet[Any]]


@dataclass(frozen=True)
class Kind:
    """One kind of record and the web's pieces that handle it (a document is only changed here: it is
    added by upload and withdrawn rather than deleted)."""

    name: str  # in the URL and the audit: "events"
    one: str  # a record of it, as the services name it: "event"
    edit_form: type[Form]
    update: Callable[..., Any]  # the service: (actor, <one>=record, expected_version, changes)
    rows: Callable[[Request, Case], QuerySet[Any]]  # what the person may read
    add_form: type[Form] = django_forms.Form
    add: Callable[..., Any] = lambda **kwargs: None  # (actor, case or parent record, **cleaned)
    delete: Callable[..., Any] = lambda **kwargs: None  # (actor, <one>=record)
    parent: "Kind | Parent | None" = None  # accounts hang from an event, support from a fact
    by_key: bool = True  # found by its key in the case (`e-1`), else by its number
    form_takes_case: bool = False
    fields: tuple[str, ...] = ()  # what a change sets, for a form that is not a model form
    edit_form_of: Callable[[Any], type[Form]] | None = None  # when the record decides which form edits it
    current: Callable[[Any], dict[str, Any]] = lambda record: {}  # form values the row does not hold as is

    def form(self, form_class: type[Form], case: Case, data: dict[str, Any], instance: Any = None) -> Form:
        kwargs: dict[str, Any] = {"case": case} if self.form_takes_case else {}
        if instance is not None and issubclass(form_class, django_forms.ModelForm):
            kwargs["instance"] = instance
        form = form_class(data, **kwargs)
        for field in form.fields.values():  # records are named by their key, not by a database number
            if isinstance(field, django_forms.ModelChoiceField) and _has_key(getattr(field.queryset, "model", None)):
                field.to_field_name = "key"
        return form

    def changed(self, form: Form) -> dict[str, Any]:
        names = self.fields or form._meta.fields or []  # type: ignore[attr-defined]
        return {name: form.cleaned_data[name] for name in names if name != "version"}

    def editor(self, record: Any) -> type[Form]:
        return self.edit_form_of(record) if self.edit_form_of else self.edit_form


def _has_key(model: Any) -> bool:
    return model is not None and any(field.name == "key" for field in model._meta.concrete_fields)


def _fields(form_class: type[Form]) -> dict[str, django_forms.Field]:
    return form_class.base_fields  # type: ignore[attr-defined, no-any-return]


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _known(form_class: type[Form], data: dict[str, Any]) -> dict[str, Any]:
    """What the request sends, refused whole when it names a field the form does not take: a value
    silently left unsaved would be worse than a message."""
    unknown = sorted(set(data) - set(_fields(form_class)))
    if unknown:
        raise exceptions.ValidationError({"detail": f"This record does not take {', '.join(unknown)} here.",
                                          "errors": {name: ["Not a field of this record."] for name in unknown}})
    return data


def _merged(kind: Kind, form_class: type[Form], record: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The record's current values under what the request sends: a PATCH changes only what it names."""
    data = _known(form_class, data)
    row = {**row_record(record), **kind.current(record)}
    names = _fields(form_class)
    current = {name: value for name, value in row.items() if name in names and value is not None}
    return {**current, "version": record.version, **data}


def _row(record: Any) -> dict[str, Any]:
    return dict(schema.Row(record).data)


def change(kind: Kind, request: Request, case: Case, record: Any) -> Any:
    """The record changed by the web's edit form and service, from the values the request names."""
    form_class = kind.editor(record)
    form = kind.form(form_class, case, _merged(kind, form_class, record, body(request)), instance=record)
    if not form.is_valid():
        raise form_errors(form)
    return kind.update(actor=request.user, expected_version=form.cleaned_data["version"],
                       changes=kind.changed(form), **{kind.one: record})


PARENT = OpenApiParameter("parent", OpenApiTypes.STR, OpenApiParameter.PATH,
                          description="The key of the record this one belongs to (an event, a fact, a document).")


def record_views(kind: Kind) -> tuple[type[CaseScoped], type[CaseScoped]]:
    """The list route (read, add) and the record route (read, change, delete) of `kind`."""
    add_body = schema.form_serializer(f"{kind.one.title()}Create", kind.add_form, declared=kind.form_takes_case)
    change_body = schema.form_serializer(f"{kind.one.title()}Update", kind.edit_form, partial=True,
                                         keep_required=("version",), declared=kind.form_takes_case)
    key = OpenApiParameter("key", OpenApiTypes.STR if kind.by_key else OpenApiTypes.INT, OpenApiParameter.PATH,
                           description="The record's key in the case." if kind.by_key else "The record's number.")
    on_list = [CASE_ID, PARENT] if kind.parent else [CASE_ID]
    shared = kind.name == "events"  # interpreters and experts read the events shared with them

    def owner(request: Request, case: Case, parent: str | None) -> Any:
        """The case, or the record this kind hangs from."""
        if kind.parent is None:
            return case
        found = kind.parent.rows(request, case).filter(key=parent).first()
        if found is None:
            raise Http404
        return found

    def rows(request: Request, case: Case, parent: str | None) -> QuerySet[Any]:
        found = kind.rows(request, case)
        return found if kind.parent is None else found.filter(**{kind.parent.one: owner(request, case, parent)})

    class List(CaseScoped):
        @extend_schema(parameters=on_list, responses={200: schema.Row(many=True), **problems(404)},
                       summary=f"The {kind.name.replace('_', ' ')}")
        def get(self, request: Request, case_id: str, parent: str | None = None) -> Response:
            case = self.case(request, case_id)
            audit_read(request, case, kind.name)
            return Response([_row(row) for row in rows(request, case, parent)])

        @extend_schema(parameters=on_list, request=add_body, responses={201: schema.Row, **problems(400, 403, 404)},
                       summary=f"Add {_a(kind.one)}")
        def post(self, request: Request, case_id: str, parent: str | None = None) -> Response:
            case = self.case(request, case_id, write=True)
            holder = owner(request, case, parent)
            form = kind.form(kind.add_form, case, _known(kind.add_form, body(request)))
            if not form.is_valid():
                raise form_errors(form)
            to = {"case": case} if kind.parent is None else {kind.parent.one: holder}
            record = kind.add(actor=request.user, **to, **form.cleaned_data)
            return Response(_row(record), status=status.HTTP_201_CREATED)

    class Detail(CaseScoped):
        def record(self, request: Request, case_id: str, parent: str | None, key: str, *,
                   write: bool = False) -> Any:
            case = self.case(request, case_id, write=write)
            found = rows(request, case, parent).filter(**{"key" if kind.by_key else "pk": key}).first()
            if found is None:
                raise Http404
            return found

        @extend_schema(parameters=[*on_list, key], responses={200: schema.Row, **problems(404)},
                       summary=f"One {kind.one}")
        def get(self, request: Request, case_id: str, key: str, parent: str | None = None) -> Response:
            record = self.record(request, case_id, parent, key)
            audit_read(request, self.case(request, case_id), f"{kind.one} {getattr(record, 'key', record.pk)}")
            return Response(_row(record))

        @extend_schema(parameters=[*on_list, key], request=change_body,
                       responses={200: schema.Row, **problems(400, 403, 404, 409)}, summary=f"Change {_a(kind.one)}",
                       description="Send `version` as read; a stale version answers 409.")
        def patch(self, request: Request, case_id: str, key: str, parent: str | None = None) -> Response:
            record = self.record(request, case_id, parent, key, write=True)
            return Response(_row(change(kind, request, self.case(request, case_id), record)))

        @extend_schema(parameters=[*on_list, key], responses={204: None, **problems(403, 404)},
                       summary=f"Delete {_a(kind.one)}")
        def delete(self, request: Request, case_id: str, key: str, parent: str | None = None) -> Response:
            kind.delete(actor=request.user, **{kind.one: self.record(request, case_id, parent, key, write=True)})
            return Response(status=status.HTTP_204_NO_CONTENT)

    List.shared = Detail.shared = shared
    name = kind.name.title().replace("_", "")
    List.__name__, Detail.__name__ = f"{name}List", f"{name}Detail"
    return List, Detail


def _ordered(attribute: str) -> Callable[[Request, Case], QuerySet[Any]]:
    return lambda request, case: getattr(case, attribute).order_by("pk")


EVENTS = Kind(
    name="events", one="event", add_form=EventForm, edit_form=EventEditForm, add=chronology.event_add,
    update=chronology.event_update, delete=chronology.event_delete,
    rows=lambda request, case: shared_events_for_user(user=request.user, case=case).order_by("pk"),
    current=lambda event: {"actors": actors_to_text(event.actors)})
ACCOUNTS = Kind(
    name="accounts", one="account", parent=EVENTS, by_key=False, add_form=AccountForm, edit_form=AccountEditForm,
    add=chronology.account_add, update=chronology.account_update, delete=chronology.account_delete,
    rows=lambda request, case: Account.objects.filter(event__case=case).order_by("pk"), form_takes_case=True)
REMEDIES = Kind(
    name="domestic_remedies", one="remedy", add_form=RemedyForm, edit_form=RemedyEditForm,
    add=chronology.remedy_add, update=chronology.remedy_update, delete=chronology.remedy_delete,
    rows=_ordered("domestic_remedies"))
FACTS = Kind(
    name="facts", one="fact", add_form=FactForm, edit_form=FactEditForm, add=claims.fact_add,
    update=claims.fact_update, delete=claims.fact_delete, rows=_ordered("facts"), form_takes_case=True)
SUPPORT = Kind(
    name="support", one="support", parent=FACTS, by_key=False, add_form=SupportForm, edit_form=SupportEditForm,
    add=claims.support_add, update=claims.support_update, delete=claims.support_delete,
    rows=lambda request, case: Support.objects.filter(fact__case=case).order_by("pk"), form_takes_case=True)
DEADLINES = Kind(
    name="deadlines", one="deadline", by_key=False, add_form=CustomDeadlineForm, edit_form=CustomDeadlineEditForm,
    add=deadlines.deadline_custom_add, update=deadlines.deadline_update, delete=deadlines.deadline_delete,
    rows=_ordered("deadlines"),
    # A computed deadline's date comes from the rules: only its note is the team's to change.
    edit_form_of=lambda deadline: CustomDeadlineEditForm if deadline.is_custom else DeadlineNoteForm)
DECISIONS = Kind(
    name="decisions", one="decision", add_form=DecisionForm, edit_form=DecisionEditForm,
    add=deadlines.decision_record, update=deadlines.decision_update, delete=deadlines.decision_delete,
    rows=_ordered("decisions"), form_takes_case=True, fields=DECISION_FIELDS)
INTERIM = Kind(
    name="interim_requests", one="interim", by_key=False, add_form=InterimForm, edit_form=InterimEditForm,
    add=deadlines.interim_request_add, update=deadlines.interim_request_edit,
    delete=deadlines.interim_request_delete, rows=_ordered("interim_requests"))

DOCUMENTS = Kind(name="documents", one="document", edit_form=DocumentForm, update=evidence.document_update,
                 rows=lambda request, case: documents_for_user(user=request.user, case=case).order_by("pk"))
FINDINGS = Kind(
    name="findings", one="finding", parent=Parent("document", _ordered("documents")), by_key=False,
    add_form=FindingForm, edit_form=FindingEditForm, add=evidence.finding_add, update=evidence.finding_update,
    delete=evidence.finding_delete, rows=lambda request, case: MedicalFinding.objects.filter(
        document__case=case).order_by("pk"), form_takes_case=True)

EventList, EventDetail = record_views(EVENTS)
AccountList, AccountDetail = record_views(ACCOUNTS)
RemedyList, RemedyDetail = record_views(REMEDIES)
FactList, FactDetail = record_views(FACTS)
SupportList, SupportDetail = record_views(SUPPORT)
DeadlineList, DeadlineDetail = record_views(DEADLINES)
DecisionList, DecisionDetail = record_views(DECISIONS)
InterimList, InterimDetail = record_views(INTERIM)
FindingList, FindingDetail = record_views(FINDINGS)


class DocumentDetail(views.DocumentDetail):
    @extend_schema(parameters=[CASE_ID, KEY], request=schema.form_serializer(
                       "DocumentUpdate", DocumentForm, partial=True, keep_required=("version",)),
                   responses={200: schema.Document, **problems(400, 403, 404, 409)},
                   summary="Change a document's details",
                   description="Its kind, title, date, source, and for a translation what it translates and who "
                               "translated it. Send `version` as read; a stale version answers 409.")
    def patch(self, request: Request, case_id: str, key: str) -> Response:
        case = self.case(request, case_id, write=True)
        if need_to_know(user=request.user, case=case):
            raise Http404
        document = DOCUMENTS.rows(request, case).filter(key=key).first()
        if document is None:
            raise Http404
        return Response(schema.Document(change(DOCUMENTS, request, case, document)).data)


class Translation(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    language = serializers.CharField()
    translates = serializers.CharField(source="translates.key", help_text="the original's key")
    original_language = serializers.CharField(source="translates.language")
    translator = serializers.CharField()
    certified = serializers.BooleanField()
    certificate_date = serializers.CharField()
    needs_review = serializers.BooleanField(help_text="the original was replaced after it was translated")
    status = serializers.CharField()
    version = serializers.IntegerField()


class TranslationList(CaseScoped):
    shared = True

    @extend_schema(parameters=[CASE_ID], responses={200: Translation(many=True), **problems(404)},
                   summary="Translations and what each translates",
                   description="A document becomes a translation when its details name the original "
                               "(`translates`) and the translator: change it through its document route.")
    def get(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id)
        audit_read(request, case, "translations")
        found = (documents_for_user(user=request.user, case=case).filter(translates__isnull=False)
                 .select_related("translates").order_by("pk"))
        return Response(Translation(found, many=True).data)


ComputeBody = schema.form_serializer("DeadlinesCompute", ComputeForm, declared=True)


class DeadlineCompute(CaseScoped):
    @extend_schema(parameters=[CASE_ID], request=ComputeBody, responses={201: schema.Row(many=True),
                   **problems(400, 403, 404)}, summary="Compute the deadlines an event starts",
                   description="As the deadlines tab does: every deadline of the forum's rule pack that the "
                               "event (a trigger) on that date starts, each with how it was computed.")
    def post(self, request: Request, case_id: str) -> Response:
        case = self.case(request, case_id, write=True)
        form = ComputeForm(body(request), case=case)
        if not form.is_valid():
            raise form_errors(form)
        added = deadlines.deadlines_compute_add(actor=request.user, case=case, **form.cleaned_data)
        return Response([_row(deadline) for deadline in added], status=status.HTTP_201_CREATED)


DEADLINE = OpenApiParameter("key", OpenApiTypes.INT, OpenApiParameter.PATH, description="The deadline's number.")


class DeadlineDone(CaseScoped):
    """Marking a deadline done (who and when) and opening it again, as the deadlines tab does."""

    def deadline(self, request: Request, case_id: str, key: int) -> Any:
        found = self.case(request, case_id, write=True).deadlines.filter(pk=key).first()
        if found is None:
            raise Http404
        return found

    @extend_schema(parameters=[CASE_ID, DEADLINE], request=None, responses={200: schema.Row,
                   **problems(400, 403, 404)}, summary="Mark a deadline done")
    def post(self, request: Request, case_id: str, key: int) -> Response:
        done = deadlines.deadline_mark_done(actor=request.user, deadline=self.deadline(request, case_id, key))
        return Response(_row(done))

    @extend_schema(parameters=[CASE_ID, DEADLINE], responses={200: schema.Row, **problems(400, 403, 404)},
                   summary="Open a deadline marked done by mistake again")
    def delete(self, request: Request, case_id: str, key: int) -> Response:
        reopened = deadlines.deadline_undo_done(actor=request.user, deadline=self.deadline(request, case_id, key))
        return Response(_row(reopened))
