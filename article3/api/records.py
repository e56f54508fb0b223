"""Write routes for the records of a case that the web edits with a form: events of the chronology and
facts. Each route is the web's form and service (the same validation, messages, audit and version
check), reached with a token: adding answers 201, a change names the `version` it read (409 when
stale), a delete answers 204. Each row reads as `case show` prints it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from article3.api import schema
from article3.api.views import CASE_ID, KEY, CaseScoped, audit_read, body, form_errors, problems
from article3.cases.models import Case
from article3.cases.selectors import shared_events_for_user
from article3.chronology import services as chronology
from article3.chronology.forms import EventEditForm, EventForm, actors_to_text
from article3.claims import services as claims
from article3.claims.forms import FactEditForm, FactForm


@dataclass(frozen=True)
class Kind:
    """One kind of record and the web's pieces that handle it."""

    name: str  # in the URL and the audit: "events"
    one: str  # a record of it, in words: "event"
    add_form: type[django_forms.ModelForm]  # type: ignore[type-arg]
    edit_form: type[django_forms.ModelForm]  # type: ignore[type-arg]
    add: Callable[..., Any]  # the service: (actor, case, **cleaned)
    update: Callable[..., Any]  # (actor, <one>=record, expected_version, changes)
    delete: Callable[..., Any]  # (actor, <one>=record)
    rows: Callable[[Request, Case], Any]  # what the person may read
    form_takes_case: bool = False
    current: Callable[[Any], dict[str, Any]] = lambda record: {}  # form values the model does not hold as is

    def form(self, form_class: type[django_forms.ModelForm], case: Case, data: dict[str, Any],  # type: ignore[type-arg]
             instance: Any = None) -> django_forms.ModelForm:  # type: ignore[type-arg]
        kwargs: dict[str, Any] = {"case": case} if self.form_takes_case else {}
        return form_class(data, instance=instance, **kwargs)


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _merged(kind: Kind, record: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The record's current values under what the request sends: a PATCH changes only what it names."""
    fields = kind.edit_form._meta.fields
    current = django_forms.model_to_dict(record, fields=fields)
    current = {name: value for name, value in {**current, **kind.current(record)}.items() if value is not None}
    return {**current, "version": record.version, **data}


def record_views(kind: Kind) -> tuple[type[CaseScoped], type[CaseScoped]]:
    """The list route (read, add) and the record route (read, change, delete) of `kind`."""
    add_body = schema.form_serializer(f"{kind.one.title()}Create", kind.add_form, declared=kind.form_takes_case)
    change_body = schema.form_serializer(f"{kind.one.title()}Update", kind.edit_form, partial=True,
                                         keep_required=("version",), declared=kind.form_takes_case)

    class List(CaseScoped):
        shared = kind.name == "events"  # interpreters and experts read the events shared with them

        @extend_schema(parameters=[CASE_ID], responses={200: schema.Row(many=True), **problems(404)},
                       summary=f"The case's {kind.name}")
        def get(self, request: Request, case_id: str) -> Response:
            case = self.case(request, case_id)
            audit_read(request, case, kind.name)
            return Response([schema.Row(row).data for row in kind.rows(request, case)])

        @extend_schema(parameters=[CASE_ID], request=add_body, responses={201: schema.Row, **problems(400, 403, 404)},
                       summary=f"Add {_a(kind.one)}")
        def post(self, request: Request, case_id: str) -> Response:
            case = self.case(request, case_id, write=True)
            form = kind.form(kind.add_form, case, body(request))
            if not form.is_valid():
                raise form_errors(form)
            record = kind.add(actor=request.user, case=case, **form.cleaned_data)
            return Response(schema.Row(record).data, status=status.HTTP_201_CREATED)

    class Detail(CaseScoped):
        shared = kind.name == "events"

        def record(self, request: Request, case_id: str, key: str, *, write: bool = False) -> Any:
            case = self.case(request, case_id, write=write)
            found = kind.rows(request, case).filter(key=key).first()
            if found is None:
                raise Http404
            return found

        @extend_schema(parameters=[CASE_ID, KEY], responses={200: schema.Row, **problems(404)},
                       summary=f"One {kind.one}")
        def get(self, request: Request, case_id: str, key: str) -> Response:
            record = self.record(request, case_id, key)
            audit_read(request, record.case, f"{kind.one} {record.key}")
            return Response(schema.Row(record).data)

        @extend_schema(parameters=[CASE_ID, KEY], request=change_body,
                       responses={200: schema.Row, **problems(400, 403, 404, 409)}, summary=f"Change {_a(kind.one)}",
                       description="Send `version` as read; a stale version answers 409.")
        def patch(self, request: Request, case_id: str, key: str) -> Response:
            record = self.record(request, case_id, key, write=True)
            form = kind.form(kind.edit_form, record.case, _merged(kind, record, body(request)), instance=record)
            if not form.is_valid():
                raise form_errors(form)
            changes = {name: form.cleaned_data[name] for name in kind.edit_form._meta.fields or []}
            updated = kind.update(actor=request.user, expected_version=form.cleaned_data["version"],
                                  changes=changes, **{kind.one: record})
            return Response(schema.Row(updated).data)

        @extend_schema(parameters=[CASE_ID, KEY], responses={204: None, **problems(403, 404)},
                       summary=f"Delete {_a(kind.one)}")
        def delete(self, request: Request, case_id: str, key: str) -> Response:
            kind.delete(actor=request.user, **{kind.one: self.record(request, case_id, key, write=True)})
            return Response(status=status.HTTP_204_NO_CONTENT)

    name = kind.name.title().replace("_", "")
    List.__name__, Detail.__name__ = f"{name}List", f"{name}Detail"
    return List, Detail


EVENTS = Kind(
    name="events", one="event", add_form=EventForm, edit_form=EventEditForm, add=chronology.event_add,
    update=chronology.event_update, delete=chronology.event_delete,
    rows=lambda request, case: shared_events_for_user(user=request.user, case=case).order_by("pk"),
    current=lambda event: {"actors": actors_to_text(event.actors)})
FACTS = Kind(
    name="facts", one="fact", add_form=FactForm, edit_form=FactEditForm, add=claims.fact_add,
    update=claims.fact_update, delete=claims.fact_delete, rows=lambda request, case: case.facts.order_by("pk"),
    form_takes_case=True)

EventList, EventDetail = record_views(EVENTS)
FactList, FactDetail = record_views(FACTS)
