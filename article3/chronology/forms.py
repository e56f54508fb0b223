from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from article3.cases.forms import VersionedForm
from article3.cases.models import Case
from article3.chronology.dates import DATE_HELP, FuzzyDate, clean_fuzzy
from article3.chronology.models import Account, ConflictStatus, Event, EventKind
from article3.evidence.selectors import documents_to_pick

# Events that may lie ahead; anything else dated in the future is a typing mistake.
SCHEDULED_KINDS = frozenset({EventKind.HEARING, EventKind.FILING})
ACTORS_HELP = _("One per line. Add “(official)” after officials, e.g. “gendarmes (official)”.")
_OFFICIAL = "(official)"


def actors_to_text(actors: list[dict[str, Any]]) -> str:
    return "\n".join(f"{a.get('name', '')} {_OFFICIAL}" if a.get("official") else str(a.get("name", ""))
                     for a in actors)


def actors_from_text(text: str) -> list[dict[str, Any]]:
    actors = []
    for line in text.splitlines():
        name = line.strip()
        official = name.casefold().endswith(_OFFICIAL)
        name = name[: -len(_OFFICIAL)].strip() if official else name
        if name:
            actors.append({"name": name, "official": official})
    return actors


class EventForm(forms.ModelForm):  # type: ignore[type-arg]
    actors = forms.CharField(label=_("Actors"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=ACTORS_HELP)

    class Meta:
        model = Event
        fields = ["kind", "title", "date", "place", "actors", "concerns_applicant", "in_home_country", "description"]
        help_texts = {
            "date": DATE_HELP,
            "concerns_applicant": _("Untick when it happened to someone else (a family member, for example)."),
            "in_home_country": _("Leave unknown if nobody said."),
        }
        labels = {"kind": _("Kind"), "title": _("Title"), "date": _("Date"), "place": _("Place"),
                  "description": _("Description"),
                  "concerns_applicant": _("Happened to the applicant"), "in_home_country": _("In the home country")}
        widgets = {
            "title": forms.TextInput(attrs={"autofocus": True}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["actors"] = actors_to_text(self.instance.actors)

    def clean_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["date"])

    def clean_actors(self) -> list[dict[str, Any]]:
        return actors_from_text(self.cleaned_data["actors"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date, kind = cleaned.get("date"), cleaned.get("kind")
        if date and kind not in SCHEDULED_KINDS and FuzzyDate.parse(date).earliest > timezone.localdate():
            self.add_error("date", _("%(date)s is in the future: only hearings and filings can be planned ahead. "
                                     "Check the year.") % {"date": FuzzyDate.parse(date).words()})
        return cleaned


class EventEditForm(VersionedForm, EventForm):
    class Meta(EventForm.Meta):
        pass


class AccountForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Account
        fields = ["document", "page", "paragraph", "interview", "date", "place", "age_stated", "quote"]
        labels = {"document": _("Document"), "page": _("Page"), "paragraph": _("Paragraph"),
                  "interview": _("Or an interview"), "date": _("Date"), "place": _("Place"),
                  "age_stated": _("Age stated"), "quote": _("What the source says")}
        help_texts = {
            "document": _("The document of the case this account comes from."),
            "interview": _("When the source is not a document: e.g. “credible fear interview 2025-02-01”."),
            "date": DATE_HELP,
            "age_stated": _("The applicant's age then, as this source gives it."),
        }
        widgets = {"quote": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, case: Case, autofocus: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        field.queryset = documents_to_pick(case=case, keep=self.instance.document_id)  # type: ignore[attr-defined]
        field.empty_label = _("— not a document —")  # type: ignore[attr-defined]
        if autofocus:
            field.widget.attrs["autofocus"] = True

    def clean_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("document") and not (data.get("interview") or "").strip():
            raise forms.ValidationError(_("Say where the account comes from: a document, or an interview."))
        return data


class AccountEditForm(VersionedForm, AccountForm):
    class Meta(AccountForm.Meta):
        pass


class StatementForm(forms.Form):
    """One proposal's decision: a new event, an account of an existing event, or rejection."""

    DECISIONS = ("event", "account", "reject")

    token = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS])
    kind = forms.ChoiceField(choices=EventKind.choices, required=False)
    title = forms.CharField(max_length=300, required=False)
    date = forms.CharField(max_length=40, required=False, help_text=DATE_HELP)
    place = forms.CharField(max_length=200, required=False)
    event = forms.ChoiceField(choices=(), required=False)
    age_stated = forms.IntegerField(min_value=0, max_value=150, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        undated = gettext("undated")
        self.fields["event"].choices = [(e.key, f"{e.date or undated}: {e.title}") for e in case.events.all()]  # type: ignore[attr-defined]

    def clean_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = {"event": ("kind", "title", "date"), "account": ("event",)}.get(data.get("decision", ""), ())
        for name in needed:
            if not data.get(name):
                self.add_error(name, _("Needed to add this statement."))
        return data


class ConflictNoteForm(forms.Form):
    status = forms.ChoiceField(choices=ConflictStatus.choices, label=_("How it is answered"), initial="explained")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, label=_("Explanation"),
                           help_text=_("Why the sources differ (in the applicant's words where possible), or "
                                       "which source was corrected and where: declaration paragraph, page."))
