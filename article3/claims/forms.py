import re
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from article3.cases.forms import VersionedForm
from article3.cases.models import Case
from article3.claims.models import Fact, Support, SupportKind
from article3.claims.selectors import applicable_elements
from article3.evidence.selectors import documents_to_pick
from article3.rulepacks import load_pack

# What is missing when a kind of support is chosen without its item.
CHOOSE_ITEM = {"event": _("Choose the event in the chronology for this kind of support."),
               "document": _("Choose the document for this kind of support."),
               "coi_citation": _("Choose the country information passage for this kind of support.")}
# "2", "2-3", "4, 7", "12–14, 20": numbers, ranges and commas.
PAGES = re.compile(r"\d+(\s*[-–]\s*\d+)?(\s*,\s*\d+(\s*[-–]\s*\d+)?)*")


def element_choices(case: Case) -> list[tuple[str, str]]:
    choices = []
    for element in applicable_elements(load_pack(case.forum)):
        unverified = gettext("%(element)s (unverified)") % {"element": element.label}
        label = element.label if element.source.verified else unverified
        choices.append((element.code, label))
    return choices


class FactForm(forms.ModelForm):  # type: ignore[type-arg]
    elements = forms.MultipleChoiceField(
        choices=(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Elements"), help_text=_("The legal elements this fact helps prove."))

    class Meta:
        model = Fact
        fields = ["text", "elements"]
        labels = {"text": _("Fact")}
        help_texts = {"text": _("One short statement, e.g. “Gendarmes held the applicant for five days.”")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, case: Case, autofocus: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elements"].choices = element_choices(case)  # type: ignore[attr-defined]
        if autofocus:
            self.fields["text"].widget.attrs["autofocus"] = True


class FactEditForm(VersionedForm, FactForm):
    class Meta(FactForm.Meta):
        pass


class SupportForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Support
        fields = ["kind", "event", "document", "coi_citation", "pages", "paragraph", "note"]
        labels = {"kind": _("Kind"), "event": pgettext_lazy("chronology", "Event"), "document": _("Document"),
                  "paragraph": _("Paragraph"),
                  "coi_citation": _("Country information passage"), "pages": _("Pages"),
                  "note": _("Note (for testimony: which interview or hearing)")}
        help_texts = {"kind": _("Then choose the item below that matches the kind."),
                      "pages": _("For a document: the pages, e.g. 2-3"),
                      "paragraph": _("For a document: the paragraph")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, case: Case, autofocus: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = case.events.order_by("pk")  # type: ignore[attr-defined]
        self.fields["document"].queryset = documents_to_pick(  # type: ignore[attr-defined]
            case=case, keep=self.instance.document_id)
        self.fields["coi_citation"].queryset = case.coi_citations.select_related("report")  # type: ignore[attr-defined]
        self.fields["event"].label_from_instance = _event_choice  # type: ignore[attr-defined]
        self.fields["document"].label_from_instance = lambda d: d.label  # type: ignore[attr-defined]
        self.fields["coi_citation"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.report.title}, ¶ {c.paragraph}")
        if autofocus:
            self.fields["kind"].widget.attrs["autofocus"] = True

    def clean_pages(self) -> str:
        """Page numbers only: the column is not encrypted, so it must never hold words."""
        pages = str(self.cleaned_data.get("pages") or "").strip()
        if pages and not PAGES.fullmatch(pages):
            raise forms.ValidationError(
                _("Give page numbers only, e.g. 2, or 2-3, or 4, 7. Put any words in the note."))
        return pages

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and kind != SupportKind.TESTIMONY and not data.get(kind):
            self.add_error(kind, CHOOSE_ITEM[kind])
        return data


def _event_choice(event: Any) -> str:
    return f"{event.date or _undated()}: {event.title}"


def _undated() -> str:
    return gettext("undated")


class SupportEditForm(VersionedForm, SupportForm):
    class Meta(SupportForm.Meta):
        pass
