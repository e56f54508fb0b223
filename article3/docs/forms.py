from typing import Any, cast

from django import forms
from django.utils import dateformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case
from article3.docs.models import DocKind
from article3.docs.respondents import respondent_choices, respondents_for
from article3.evidence.models import DocumentKind
from article3.evidence.selectors import documents_to_pick
from article3.rulepacks import pack_ids

# The form field for each kind that is brought against a State: only that kind's States are offered.
STATE_FIELDS = {"cat_state": "un_cat_communication", "echr_state": "rule39_request"}


class GenerateForm(forms.Form):
    """One form for every kind; the fields a kind does not use are ignored (and said so in help text)."""

    kind = forms.ChoiceField(choices=DocKind.choices, label=_("Kind"))
    document = forms.ChoiceField(required=False, label=_("Translated document"),
                                 help_text=_("Certificate of translation: which translation it certifies."))
    served_on = forms.CharField(required=False, max_length=300, label=_("Served on"),
                                help_text=_("Certificate of service: the party served and where."))
    method = forms.CharField(required=False, max_length=200, label=_("Method of service"),
                             help_text=_("Certificate of service: by hand, first-class mail, e-filing system..."))
    date = forms.DateField(required=False, label=_("Date of service"), widget=forms.DateInput(attrs={"type": "date"}))
    by_whom = forms.CharField(required=False, max_length=200, label=_("Served by"))
    documents_served = forms.CharField(required=False, max_length=500, label=_("Documents served"))
    cat_state = forms.ChoiceField(required=False, label=_("State party (UN Committee against Torture)"))
    echr_state = forms.ChoiceField(required=False, label=_("Respondent State (ECtHR Rule 39)"))
    removal_date = forms.DateField(required=False, label=_("Planned removal date"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    removal_details = forms.CharField(required=False, max_length=500, label=_("Removal details"),
                                      help_text=_("Flight, time, place of departure, if known."))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translations = documents_to_pick(case=case).filter(kind=DocumentKind.TRANSLATION)
        field = cast(forms.ChoiceField, self.fields["document"])
        field.choices = [("", "—")] + [(d.key, d.label) for d in translations]
        for name, kind in STATE_FIELDS.items():
            state = cast(forms.ChoiceField, self.fields[name])
            state.choices = [("", gettext("— choose the State —")), *respondent_choices(kind)]
            state.help_text = _respondents_help(kind)

    @property
    def service_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("served_on", "method", "date", "by_whom", "documents_served")]

    @property
    def international_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("cat_state", "echr_state", "removal_date", "removal_details")]

    def clean(self) -> dict[str, Any]:
        """What a kind needs is checked here, with the form on screen, not later in the queue."""
        cleaned = super().clean() or {}
        needed = {DocKind.SERVICE_CERTIFICATE: ("served_on", "method", "date", "by_whom"),
                  DocKind.TRANSLATION_CERTIFICATE: ("document",)}.get(cleaned.get("kind", ""), ())
        for name in needed:
            if not cleaned.get(name) and name not in self.errors:
                needed_text = gettext("%(field)s is needed for this document.")
                self.add_error(name, needed_text % {"field": self.fields[name].label})
        for name, kind in STATE_FIELDS.items():
            if cleaned.get("kind") == kind and not cleaned.get(name):
                self.add_error(name, gettext("Choose the State the request is brought against."))
        return cleaned

    def options(self) -> dict[str, Any]:
        found = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                 for k, v in self.cleaned_data.items() if k not in ("kind", *STATE_FIELDS) and v}
        for name, kind in STATE_FIELDS.items():
            if self.cleaned_data.get("kind") == kind:
                found["state_party"] = self.cleaned_data[name]
        return found


def _respondents_help(kind: str) -> str:
    found = respondents_for(kind)
    if found is None:
        return ""
    listed = gettext("%(text)s List of %(date)s (%(citation)s).") % {
        "text": found.text, "date": dateformat.format(found.as_of, "j F Y"), "citation": found.source.citation}
    if found.source.verified:
        return listed
    unconfirmed = gettext("Not yet confirmed against its source: check it before filing.")
    return f"{listed} {unconfirmed}"


class TemplateForm(forms.Form):
    kind = forms.ChoiceField(choices=DocKind.choices, label=_("Kind"))
    forum = forms.ChoiceField(label=_("Forum"),
                              help_text=_("'generic' applies to every forum without its own template."))
    file = forms.FileField(label=_("DOCX template"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["forum"]).choices = [(p, p) for p in pack_ids()]


class RenumberForm(forms.Form):
    mapping = forms.CharField(label=_("Paragraph moves"), max_length=2000,
                              help_text=_("Old number = new number, comma-separated, e.g. 14=15, 15=16."))

    def clean_mapping(self) -> dict[int, int]:
        moves: dict[int, int] = {}
        for part in (p.strip() for p in self.cleaned_data["mapping"].split(",") if p.strip()):
            old, sep, new = part.partition("=")
            if not sep or not old.strip().isdigit() or not new.strip().isdigit():
                raise forms.ValidationError(gettext("'%(part)s' is not old=new, as in 14=15.") % {"part": part})
            moves[int(old)] = int(new)
        return moves
