from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from article3.cases.forms import VersionedForm
from article3.cases.models import Case
from article3.interpreters.languages import describe_spoken, format_spoken, language_code, language_name, parse_spoken
from article3.interpreters.models import Booking, BookingKind, Gender, Interpreter

TEXT = 2000


class InterpreterForm(forms.ModelForm):  # type: ignore[type-arg]
    languages = forms.CharField(
        label=_("Languages and dialects"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, the dialect after a dash: “Arabic — Sudanese”, “Tigrinya”."),
        error_messages={"required": _("Write at least one language the interpreter works in.")})

    class Meta:
        model = Interpreter
        fields = ["name", "languages", "gender", "qualifications", "contact", "conflicts", "active"]
        labels = {"name": _("Name"), "gender": _("Gender"),
                  "qualifications": _("Qualifications and accreditation"),
                  "contact": _("How to reach them"), "conflicts": _("Conflicts with parties"),
                  "active": _("Works with the organisation now")}
        help_texts = {
            "gender": _("Some applicants can speak of what happened to them only through an interpreter of their "
                        "gender."),
            "qualifications": _("Court certification, accreditation body and number, years of experience."),
            "contact": _("Telephone, e-mail, agency."),
            "conflicts": _("Anything that could make them unsafe for a client: related to a feared agent's "
                           "family, works for the government's interpreter service, from the same small community."),
            "active": _("Untick when they no longer work with you: they stay on the list but are not offered "
                        "for new bookings.")}
        widgets = {"name": forms.TextInput(attrs={"autofocus": True}),
                   "qualifications": forms.Textarea(attrs={"rows": 2}),
                   "contact": forms.Textarea(attrs={"rows": 2}), "conflicts": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Not recorded")), *Gender.choices]  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["languages"] = format_spoken(self.instance.languages or [])

    def clean_languages(self) -> list[dict[str, str]]:
        return parse_spoken(self.cleaned_data["languages"])  # type: ignore[return-value]


class InterpreterEditForm(VersionedForm, InterpreterForm):
    class Meta(InterpreterForm.Meta):
        pass


class InterpreterChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        gender = f", {obj.get_gender_display().lower()}" if obj.gender else ""
        spoken = describe_spoken(obj.languages or [])
        if obj.active:
            return f"{obj.name} ({spoken}{gender})"
        return _("%(name)s (%(languages)s), no longer working with you") % {"name": obj.name,
                                                                            "languages": f"{spoken}{gender}"}


class BookingForm(forms.ModelForm):  # type: ignore[type-arg]
    interpreter = InterpreterChoice(queryset=Interpreter.objects.none(), label=_("Interpreter"),
                                    empty_label=_("Choose an interpreter"),
                                    error_messages={"required": _("Choose the interpreter booked.")})
    language = forms.CharField(label=_("Language needed"), max_length=60,
                               help_text=_("Its English name (Arabic) or its code (ar)."))

    class Meta:
        model = Booking
        fields = ["kind", "date", "time", "language", "dialect", "gender", "interpreter", "note"]
        labels = {"kind": _("For"), "date": _("Date"), "time": _("Time"),
                  "dialect": _("Dialect needed"),
                  "gender": _("Interpreter's gender asked for"), "note": _("Note")}
        help_texts = {"date": _("Not needed for the hearing: its booking is on the case's hearing date, and "
                                "moves with it."),
                      "time": _("Optional."), "dialect": _("Optional: “Sudanese” for Sudanese Arabic.")}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "time": forms.TimeInput(attrs={"type": "time"}),
                   "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        # Active interpreters, and the one already booked even if no longer active.
        current = Q(pk=self.instance.interpreter_id) if self.instance.pk and self.instance.interpreter_id else Q()
        self.fields["interpreter"].queryset = Interpreter.objects.filter(  # type: ignore[attr-defined]
            Q(active=True) | current, organisation_id=case.organisation_id)
        self.fields["gender"].choices = [("", _("No preference")), *Gender.choices]  # type: ignore[attr-defined]
        self.fields["kind"].choices = BookingKind.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["language"] = language_name(self.instance.language)

    def clean_language(self) -> str:
        return language_code(self.cleaned_data["language"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == BookingKind.HEARING:
            if self.case.hearing_date is None:
                self.add_error("kind", _("The case has no hearing date yet: set it with “Edit case details” on the "
                                         "overview first."))
            data["date"] = None
        elif data.get("kind") and not data.get("date"):
            self.add_error("date", _("Give the date of the meeting or interview."))
        return data


class BookingEditForm(VersionedForm, BookingForm):
    class Meta(BookingForm.Meta):
        pass
