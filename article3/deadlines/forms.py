from typing import Any

from django import forms

from article3.cases.models import Case
from article3.deadlines import options
from article3.deadlines.models import InterimRequest, InterimStatus, Outcome, Reason, Relief, Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _trigger_choices(triggers: list[Any]) -> list[tuple[str, str]]:
    return [(t.id, t.label) for t in triggers]


class DecisionForm(forms.Form):
    date = forms.DateField(widget=DATE, help_text="The date the clock starts from: the oral decision, or the "
                                                  "mailing or electronic notice of a written one.")
    trigger = forms.ChoiceField(label="Decision", help_text="As the forum's rule pack names it.")
    service = forms.ChoiceField(required=False, choices=[("", "—"), *Service.choices],
                                label="How it was served", help_text="Needed where the forum counts from it.")
    decision_maker = forms.CharField(required=False, max_length=200, label="Decision-maker")
    outcome = forms.ChoiceField(choices=Outcome.choices)
    relief_granted = forms.MultipleChoiceField(required=False, choices=Relief.choices,
                                               widget=forms.CheckboxSelectMultiple)
    relief_refused = forms.MultipleChoiceField(required=False, choices=Relief.choices,
                                               widget=forms.CheckboxSelectMultiple)
    relief = forms.CharField(required=False, max_length=200, label="Relief, in words")
    final = forms.BooleanField(required=False, label="Final", help_text=(
        "No further appeal to the same body: for a BIA decision, a final order of removal; for an "
        "immigration judge's decision, appeal waived."))
    reasons = forms.MultipleChoiceField(required=False, choices=Reason.choices, widget=forms.CheckboxSelectMultiple,
                                        label="Reasons given")
    reasons_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Reasons, in words")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trigger"].choices = _trigger_choices(options.decision_triggers(case.forum))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("relief_granted") or []) & set(data.get("relief_refused") or [])
        if both:
            raise forms.ValidationError("The same relief cannot be both granted and refused.")
        return data


class ComputeForm(forms.Form):
    trigger = forms.ChoiceField(help_text="The event the deadlines run from.")
    date = forms.DateField(widget=DATE)
    service = forms.ChoiceField(required=False, label="Service", help_text="Only for triggers that take one.")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        triggers = options.all_triggers(case.forum)
        self.fields["trigger"].choices = _trigger_choices(triggers)  # type: ignore[attr-defined]
        services = {key: words for t in triggers for key, words in t.services.items()}
        self.fields["service"].choices = [("", "—"), *services.items()]  # type: ignore[attr-defined]


class InterimForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = InterimRequest
        fields = ["kind", "status", "addressed_to", "reference", "filed_on", "decided_on", "note"]
        labels = {"addressed_to": "Addressed to", "reference": "Their reference",
                  "decided_on": "Decided or withdrawn on"}
        help_texts = {"addressed_to": "The court, board, agency or Committee asked."}
        widgets = {"filed_on": DATE, "decided_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class InterimStatusForm(forms.Form):
    status = forms.ChoiceField(choices=InterimStatus.choices)
    on = forms.DateField(required=False, widget=DATE, label="On", help_text="Today if left empty.")
