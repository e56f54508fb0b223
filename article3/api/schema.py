"""Shapes for the OpenAPI schema. They describe; they do not decide.

Requests are validated by the same Django forms as the web pages (so the messages are the same), and
`form_serializer` only turns such a form into a description of its fields. Responses are read from
the models by the plain serializers below. No business rule lives here.
"""

from typing import Any

from django import forms
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the schema names a personal token (registered by being defined)."""

    target_class = "article3.api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer"}


class SessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The signed-in browser, for the documentation page's "Try it out"."""

    target_class = "article3.api.authentication.SessionWithCsrf"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def _describe(field: forms.Field, *, required: bool) -> serializers.Field:
    common: dict[str, Any] = {"required": required, "help_text": str(field.help_text or "") or None}
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(required=False, help_text=common["help_text"])
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.CharField(), required=required,
                                     help_text=common["help_text"])
    if isinstance(field, forms.ModelChoiceField):
        return serializers.CharField(allow_blank=True, allow_null=True, **common)
    if isinstance(field, forms.ChoiceField):
        choices = [(value, label) for value, label in field.choices if value != ""]  # type: ignore[misc, union-attr]
        if not choices:  # set when the form is made for a case: the forum's rule pack names them
            return serializers.CharField(allow_blank=not field.required, **common)
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.RegexField):
        return serializers.RegexField(field.regex, max_length=field.max_length, **common)
    if isinstance(field, forms.CharField):
        return serializers.CharField(max_length=field.max_length, allow_blank=not field.required, **common)
    return serializers.CharField(**common)


def form_serializer(name: str, form_class: type[forms.BaseForm], *, partial: bool = False,
                    keep_required: tuple[str, ...] = (), declared: bool = False) -> type[serializers.Serializer]:
    """A serializer naming the form's fields, for the schema only. With `partial`, only the fields in
    `keep_required` are required (the others keep their current value). With `declared`, the fields
    as the class declares them (for a form that needs a case to be made)."""
    attrs: dict[str, Any] = {}
    fields = form_class.base_fields if declared else form_class().fields  # type: ignore[attr-defined]
    for field_name, field in fields.items():
        required = field.required and (not partial or field_name in keep_required)
        attrs[field_name] = _describe(field, required=required)
    return type(name, (serializers.Serializer,), attrs)


class Problem(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class Organisation(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    role = serializers.CharField(help_text="your role in the organisation")


class Case(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    organisation = serializers.SlugField(source="organisation.slug")
    forum = serializers.CharField()
    country_of_return = serializers.CharField()
    stage = serializers.CharField()
    hearing_date = serializers.DateField(allow_null=True)
    detained = serializers.BooleanField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)


class Person(serializers.Serializer):
    key = serializers.CharField()
    role = serializers.CharField()
    name = serializers.CharField()
    relation = serializers.CharField()
    at_risk = serializers.BooleanField()
    redact = serializers.BooleanField()
    notes = serializers.CharField()
    version = serializers.IntegerField()


class Document(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    date = serializers.CharField()
    language = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.CharField()
    pages = serializers.IntegerField()
    error_message = serializers.CharField()
    original_name = serializers.CharField()
    original_type = serializers.CharField()
    original_size = serializers.IntegerField()
    has_pdf = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_has_pdf(self, obj: Any) -> bool:
        return bool(obj.derived_sha256)


class UploadResult(serializers.Serializer):
    file = serializers.CharField()
    ok = serializers.BooleanField()
    key = serializers.CharField(required=False)
    error = serializers.CharField(required=False)


class AuditEntry(serializers.Serializer):
    seq = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_key = serializers.CharField()
    detail = serializers.DictField()


class Row(serializers.Serializer):
    """Every field of one record of the case, as `case show` prints it."""

    key = serializers.CharField(required=False, help_text="how the case names the record, for those that have one")
    id = serializers.IntegerField(required=False, help_text="the record's number, for those without a key")

    def to_representation(self, instance: Any) -> Any:
        from article3.interchange.record import row_record

        row = row_record(instance, skip="case")
        return row if "key" in row else {"id": instance.pk, **row}


class Finding(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["high", "medium", "low"])
    refs = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()
    advice = serializers.CharField()


class GapReport(serializers.Serializer):
    findings = Finding(many=True)
    medical_evidence = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class Conflict(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    finding = Finding()
    events = serializers.ListField(child=serializers.CharField(), source="event_keys")
    accounts = serializers.ListField(child=serializers.CharField(), source="account_keys")
    answered = serializers.SerializerMethodField(help_text="explained or corrected, or empty while open")

    def get_answered(self, obj: Any) -> str:
        return str(obj.note.status) if obj.note is not None else ""

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        data["finding"] = instance.finding.as_json()
        return data


class BundleRequest(serializers.Serializer):
    profile = serializers.CharField(required=False, help_text="the forum whose bundle rules to follow; "
                                    "left out: the case's forum")


class BundleVolume(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    pages = serializers.IntegerField()
    bytes = serializers.IntegerField()
    first_page = serializers.IntegerField()
    last_page = serializers.IntegerField()


class Bundle(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    profile = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.CharField()
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    pages = serializers.IntegerField()
    error_message = serializers.CharField()
    volumes = BundleVolume(many=True, source="volumes.all")


class BundleDetail(Bundle):
    exhibits = serializers.ListField(child=serializers.DictField())
    page_map = serializers.DictField(help_text="for each document key, where its pages landed in the bundle")
