from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from article3.cases.models import Case
from article3.deadlines.models import Compliance, InterimStatus
from article3.evidence.models import Document, DocumentKind
from article3.remedies.models import AdverseFinding, GrantCondition, Removal
from article3.rulepacks import load_pack

DATE = forms.DateInput(attrs={"type": "date"})


class RemovalForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Removal
        fields = ["removal_date", "removal_time", "detention_place", "transfer_risk", "identifier",
                  "contact_arrangements"]
        labels = {"removal_date": _("Date of removal"), "removal_time": _("Time (if known)"),
                  "detention_place": _("Place of detention"), "transfer_risk": _("Risk of transfer"),
                  "identifier": _("Applicant's number with the forum"),
                  "contact_arrangements": _("Visits and calls")}
        help_texts = {"detention_place": _("The facility's name and address."),
                      "transfer_risk": _("May the applicant be moved before removal, and where to?"),
                      "contact_arrangements": _("Visiting hours, legal calls and how to book them.")}
        widgets = {"removal_date": DATE, "removal_time": forms.TimeInput(attrs={"type": "time"}),
                   "transfer_risk": forms.Textarea(attrs={"rows": 2}),
                   "contact_arrangements": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, identifier_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if identifier_label:
            self.fields["identifier"].label = identifier_label


class DraftForm(forms.Form):
    kind = forms.CharField(max_length=40, widget=forms.HiddenInput)
    state_party = forms.CharField(max_length=60, required=False, label=_("Respondent State"))


class RequestUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=InterimStatus.choices, label=_("Status"))
    on = forms.DateField(required=False, widget=DATE, label=_("On"), help_text=_("Today if left empty."))
    compliance = forms.ChoiceField(choices=Compliance.choices, required=False, label=_("Did the State comply?"))


class AlarmThresholdForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=365, label=_("Days before a removal to raise the alarm"))


class FindingForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    element = forms.ChoiceField(required=False, label=_("Element it goes to"),
                                help_text=_("Left empty, it follows from the kind of finding."))

    class Meta:
        model = AdverseFinding
        fields = ["decision", "page", "paragraph", "category", "element", "finding", "answer"]
        labels = {"decision": _("Decision"), "category": _("Kind of finding"), "finding": _("What the decision found"),
                  "answer": _("Your answer (optional)")}
        widgets = {"finding": forms.Textarea(attrs={"rows": 3}), "answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Document.objects.filter(  # type: ignore[attr-defined]
            case=case, kind=DocumentKind.DECISION).order_by("pk")
        self.fields["decision"].empty_label = _("Choose the decision")  # type: ignore[attr-defined]
        elements = [e for e in load_pack(case.forum).elements if e.applicable]
        self.fields["element"].choices = [("", "—"), *((e.code, e.label) for e in elements)]  # type: ignore[attr-defined]


class ConditionForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GrantCondition
        fields = ["kind", "due", "details"]
        labels = {"kind": _("Condition"), "due": _("Next due on"), "details": _("Details")}
        help_texts = {"details": _("Where and to whom, what to bring.")}
        widgets = {"due": DATE, "details": forms.Textarea(attrs={"rows": 2})}
