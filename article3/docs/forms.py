from typing import Any, cast

from django import forms

from article3.cases.models import Case
from article3.docs.models import DocKind
from article3.evidence.models import DocumentKind
from article3.rulepacks import pack_ids


class GenerateForm(forms.Form):
    """One form for every kind; the fields a kind does not use are ignored (and said so in help text)."""

    kind = forms.ChoiceField(choices=DocKind.choices)
    document = forms.ChoiceField(required=False, label="Translated document",
                                 help_text="Certificate of translation: which translation it certifies.")
    served_on = forms.CharField(required=False, max_length=300, label="Served on",
                                help_text="Certificate of service: the party served and where.")
    method = forms.CharField(required=False, max_length=200, label="Method of service",
                             help_text="Certificate of service: by hand, first-class mail, e-filing system...")
    date = forms.DateField(required=False, label="Date of service", widget=forms.DateInput(attrs={"type": "date"}))
    by_whom = forms.CharField(required=False, max_length=200, label="Served by")
    documents_served = forms.CharField(required=False, max_length=500, label="Documents served")
    state_party = forms.CharField(required=False, max_length=200, label="State removing the applicant",
                                  help_text="UN and ECtHR requests; filled in from the forum when it says.")
    removal_date = forms.DateField(required=False, label="Planned removal date",
                                   widget=forms.DateInput(attrs={"type": "date"}))
    removal_details = forms.CharField(required=False, max_length=500, label="Removal details",
                                      help_text="Flight, time, place of departure, if known.")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translations = case.documents.filter(kind=DocumentKind.TRANSLATION).order_by("pk")
        field = cast(forms.ChoiceField, self.fields["document"])
        field.choices = [("", "—")] + [(d.key, f"{d.label} ({d.key})") for d in translations]

    @property
    def service_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("served_on", "method", "date", "by_whom", "documents_served")]

    @property
    def international_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("state_party", "removal_date", "removal_details")]

    def options(self) -> dict[str, Any]:
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in self.cleaned_data.items() if k != "kind" and v}


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(choices=DocKind.choices)
    forum = forms.ChoiceField(help_text="'generic' applies to every forum without its own template.")
    file = forms.FileField(label="DOCX template")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["forum"]).choices = [(p, p) for p in pack_ids()]


class RenumberForm(forms.Form):
    mapping = forms.CharField(label="Paragraph moves", max_length=2000,
                              help_text="Old number = new number, comma-separated, e.g. 14=15, 15=16.")

    def clean_mapping(self) -> dict[int, int]:
        moves: dict[int, int] = {}
        for part in (p.strip() for p in self.cleaned_data["mapping"].split(",") if p.strip()):
            old, sep, new = part.partition("=")
            if not sep or not old.strip().isdigit() or not new.strip().isdigit():
                raise forms.ValidationError(f"'{part}' is not old=new, as in 14=15.")
            moves[int(old)] = int(new)
        return moves
