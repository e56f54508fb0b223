import datetime
from typing import Any

from django import forms
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from article3.cases.forms import VersionedForm
from article3.cases.models import Case
from article3.deadlines import options
from article3.deadlines.models import Deadline, InterimRequest, InterimStatus, Outcome, Reason, Relief, Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _trigger_choices(triggers: list[Any]) -> list[tuple[str, str]]:
    return [(t.id, t.label) for t in triggers]


class DecisionForm(forms.Form):
    date = forms.DateField(widget=DATE, label=_("Date"), help_text=_(
        "The date the clock starts from: the oral decision, or the mailing or electronic notice of a written one."))
    trigger = forms.ChoiceField(label=_("Decision"), help_text=_("As the forum's rule pack names it."))
    service = forms.ChoiceField(required=False, choices=[("", "—"), *Service.choices],
                                label=_("How it was served"), help_text=_("Needed where the forum counts from it."))
    decision_maker = forms.CharField(required=False, max_length=200, label=_("Decision-maker"))
    outcome = forms.ChoiceField(choices=Outcome.choices, label=_("Outcome"))
    relief_granted = forms.MultipleChoiceField(required=False, choices=Relief.choices, label=_("Relief granted"),
                                               widget=forms.CheckboxSelectMultiple)
    relief_refused = forms.MultipleChoiceField(required=False, choices=Relief.choices, label=_("Relief refused"),
                                               widget=forms.CheckboxSelectMultiple)
    relief = forms.CharField(required=False, max_length=200, label=_("Relief, in words"))
    final = forms.BooleanField(required=False, label=_("Final"), help_text=_(
        "No further appeal to the same body: for a BIA decision, a final order of removal; for an "
        "immigration judge's decision, appeal waived."))
    reasons = forms.MultipleChoiceField(required=False, choices=Reason.choices, widget=forms.CheckboxSelectMultiple,
                                        label=_("Reasons given"))
    reasons_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   label=_("Reasons, in words"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["trigger"].choices = _trigger_choices(options.decision_triggers(case.forum))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("relief_granted") or []) & set(data.get("relief_refused") or [])
        if both:
            raise forms.ValidationError(_("The same relief cannot be both granted and refused."))
        filed = first_filing(self.case)
        if data.get("date") and filed is not None and data["date"] < filed[0]:
            self.add_error("date", _(
                "%(date)s is before the filing on %(filed)s (“%(filing)s” in the chronology): a decision cannot "
                "come before the application. Check the year, or the filing's date.") % {
                    "date": dateformat.format(data["date"], "j F Y"), "filed": dateformat.format(filed[0], "j F Y"),
                    "filing": filed[1]})
        return data


def first_filing(case: Case) -> tuple[datetime.date, str] | None:
    """The earliest day the chronology's filings could have been, with the filing's title."""
    from article3.chronology.dates import DateFormatError, FuzzyDate
    from article3.chronology.models import EventKind

    days = []
    for event in case.events.filter(kind=EventKind.FILING).exclude(date=""):
        try:
            days.append((FuzzyDate.parse(event.date).earliest, str(event.title)))
        except DateFormatError:
            continue
    return min(days, default=None)


# What a correction of a decision can change: every field of the form.
DECISION_FIELDS = ("date", "trigger", "service", "decision_maker", "outcome", "relief_granted", "relief_refused",
                   "relief", "final", "reasons", "reasons_note")


class DecisionEditForm(DecisionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ComputeForm(forms.Form):
    trigger = forms.ChoiceField(label=_("Trigger"), help_text=_("The event the deadlines run from."))
    date = forms.DateField(widget=DATE, label=_("Date"))
    service = forms.ChoiceField(required=False, label=_("Service"), help_text=_("Only for triggers that take one."))

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
        labels = {"kind": _("Kind"), "status": _("Status"), "addressed_to": _("Addressed to"),
                  "reference": _("Their reference"), "filed_on": _("Filed on"),
                  "decided_on": _("Decided or withdrawn on"), "note": _("Note")}
        help_texts = {"addressed_to": _("The court, board, agency or Committee asked.")}
        widgets = {"filed_on": DATE, "decided_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class InterimEditForm(VersionedForm, InterimForm):
    class Meta(InterimForm.Meta):
        pass


class InterimStatusForm(forms.Form):
    status = forms.ChoiceField(choices=InterimStatus.choices, label=_("Status"))
    on = forms.DateField(required=False, widget=DATE, label=_("On"), help_text=_("Today if left empty."))


class CustomDeadlineForm(forms.ModelForm):  # type: ignore[type-arg]
    """A deadline the team sets itself: a title, a date and a note."""

    class Meta:
        model = Deadline
        fields = ["title", "due", "note"]
        labels = {"title": _("What has to be done"), "due": _("Due on"), "note": _("Note")}
        help_texts = {"title": _("e.g. “File the expert report the judge asked for”.")}
        widgets = {"due": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["due"].required = True


class CustomDeadlineEditForm(VersionedForm, CustomDeadlineForm):
    class Meta(CustomDeadlineForm.Meta):
        pass


class DeadlineNoteForm(VersionedForm):
    """A computed deadline: its date comes from the rules, only the note is the team's."""

    class Meta:
        model = Deadline
        fields = ["note"]
        labels = {"note": _("Note")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
