from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from article3.cases.forms import VersionedForm, clean_language_code
from article3.cases.models import Case
from article3.chronology.dates import DATE_HELP, clean_fuzzy
from article3.evidence.models import Document, DocumentKind, MedicalFinding
from article3.evidence.selectors import documents_to_pick

OUT_OF_DATE = {"required": _("This form is out of date; reload the page and try again."),
               "invalid": _("This form is out of date; reload the page and try again.")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern from Django's documentation)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> object:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return single(data, initial)


class UploadForm(forms.Form):
    # Empty files pass the form: each file is refused on its own, with what to do, and never stops the rest.
    uploads = MultipleFileField(required=False, label=_("Files"), allow_empty_file=True)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    language = forms.CharField(label=_("Language"), max_length=35, required=False,
                               help_text=_("e.g. en, fr, ar (BCP 47)"))
    date = forms.CharField(label=_("Date"), max_length=40, required=False,
                           help_text=format_lazy(_("The date the document bears: {}"), DATE_HELP))
    title = forms.CharField(label=_("Title"), max_length=300, required=False,
                            help_text=_("left empty: the file name"))

    def clean_language(self) -> str:
        return clean_language_code(self.cleaned_data["language"])

    def clean_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["date"])


class DocumentForm(VersionedForm):
    class Meta:
        model = Document
        fields = [
            "kind", "title", "date", "author", "language", "received_from", "received_how",
            "translates", "translator", "translator_competence", "translator_address",
            "translator_phone", "certificate_date", "certified", "qualifications",
            "addresses_individual_circumstances", "examiner", "examination_date",
        ]
        labels = {
            "kind": _("Kind"), "title": _("Title"), "date": _("Date"), "author": _("Author"),
            "language": _("Language"), "received_from": _("Received from"), "received_how": _("Received how"),
            "translates": _("Translates"), "translator": _("Translator"),
            "translator_competence": _("Translator competence"), "translator_address": _("Translator address"),
            "translator_phone": _("Translator phone"), "certificate_date": _("Certificate date"),
            "certified": _("Certified"), "qualifications": _("Qualifications"),
            "addresses_individual_circumstances": _("Addresses individual circumstances"),
            "examiner": _("Examiner"), "examination_date": _("Examination date"),
        }
        help_texts = {"date": DATE_HELP, "certificate_date": DATE_HELP, "examination_date": DATE_HELP}

    def clean_language(self) -> str:
        return clean_language_code(self.cleaned_data["language"])

    def clean_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["date"])

    def clean_certificate_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["certificate_date"])

    def clean_examination_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["examination_date"])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk:  # only documents of the same case can be translated
            field = self.fields["translates"]
            found = documents_to_pick(case=self.instance.case, keep=self.instance.translates_id)
            field.queryset = found.exclude(pk=self.instance.pk)  # type: ignore[attr-defined]


class FindingForm(forms.ModelForm):  # type: ignore[type-arg]
    """A finding of a medical or psychological report; the events offered are the case's own."""

    class Meta:
        model = MedicalFinding
        fields = ["finding", "attributed_to", "consistency", "event"]
        labels = {"finding": _("Finding"), "attributed_to": _("Attributed to (what the report says caused it)"),
                  "consistency": _("Istanbul Protocol level"), "event": _("Event it concerns")}
        widgets = {"finding": forms.Textarea(attrs={"rows": 3}), "attributed_to": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["event"]
        field.queryset = case.events.order_by("date", "pk")  # type: ignore[attr-defined]
        field.empty_label = _("Not linked to an event")  # type: ignore[attr-defined]
        self.fields["consistency"].help_text = _(
            "As the report words it. “Not consistent with” counts against the account; “consistent with” is "
            "weak support; “highly consistent with”, “typical of” and “diagnostic of” are strong.")


class FindingEditForm(FindingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReplaceForm(forms.Form):
    """A new version of a document's original; the reason goes into the chain of custody."""

    file = forms.FileField(label=_("New original"), error_messages={
        "required": _("Choose the file that replaces the original."),
        "empty": _("This file is empty (0 bytes). Check the original on your computer has content, then choose "
                   "it again; if it is empty there too, ask the sender for a new copy."),
    })
    reason = forms.CharField(
        max_length=200, label=_("Reason"),
        help_text=_("recorded in the history, e.g. better scan received from the clinic"),
        error_messages={"required": _("Give the reason for replacing the original; the history records it.")})
    confirm = forms.BooleanField(
        label=_("Replace the original; its translations will need review"),
        error_messages={"required": _("Tick the box to confirm the replacement.")})
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=OUT_OF_DATE)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "replace_%s")  # shares the page with the details form's fields
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class WithdrawForm(forms.Form):
    """Withdraw a document, or restore it; the reason goes into the chain of custody."""

    reason = forms.CharField(
        max_length=300, required=False, label=_("Reason"),
        help_text=_("recorded in the history, e.g. the client says this copy is not genuine"))
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=OUT_OF_DATE)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "withdraw_%s")  # shares the page with the details form's fields
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
