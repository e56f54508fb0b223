
from django import forms

from article3.cases.models import Applicant, Case, FearedAgent, Person, SafetyPlan
from article3.chronology.models import DomesticRemedy, Event


class VersionedForm(forms.ModelForm):  # type: ignore[type-arg]
    """Carries the version the editor started from, so a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseCreateForm(forms.Form):
    reference = forms.CharField(max_length=60, widget=forms.TextInput(attrs={"autofocus": True}))
    forum = forms.ChoiceField(choices=())
    country_of_return = forms.RegexField(regex=r"^[A-Za-z]{2}$", max_length=2,
                                         help_text="ISO 3166 two-letter code, e.g. CM")
    applicant_name = forms.CharField(max_length=200)
    hearing_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    detained = forms.BooleanField(required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from article3.rulepacks import all_packs

        self.fields["forum"].choices = [(p.forum, p.name) for p in all_packs().values()]  # type: ignore[attr-defined]


class CaseForm(VersionedForm):
    class Meta:
        model = Case
        fields = ["stage", "hearing_date", "detained", "country_of_return"]
        widgets = {"hearing_date": forms.DateInput(attrs={"type": "date"})}


class ApplicantForm(VersionedForm):
    class Meta:
        model = Applicant
        fields = ["name", "birth_date", "nationality", "interpreter_language", "reads_english", "background"]
        help_texts = {"birth_date": "2001-06-02, or 2001-06, or 2001 if only that is known"}


class ProfileForm(VersionedForm):
    class Meta:
        model = Case
        fields = ["risk_profile", "risk_terms", "no_remedy_reason", "prior_immigration"]
        labels = {
            "risk_profile": "Group memberships and profile",
            "risk_terms": "Words to watch for in country news (comma separated)",
            "no_remedy_reason": "If no attempt was made to seek protection at home: why it was futile or dangerous",
            "prior_immigration": "Prior immigration history",
        }


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Person
        fields = ["role", "name", "relation", "at_risk", "redact", "notes"]


class AgentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FearedAgent
        fields = ["description", "official", "link_to_officials"]


class EventForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Event
        fields = ["kind", "title", "date", "place", "concerns_applicant", "in_home_country", "description"]
        help_texts = {"date": "2019-03-14, 2019-03, 2019, a range 2019-03-14/2019-03-19, ~ for about"}


class RemedyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DomesticRemedy
        fields = ["date", "body", "description", "outcome", "consequence"]


class SafetyPlanForm(VersionedForm):
    class Meta:
        model = SafetyPlan
        fields = [
            "trusted_contacts", "emergency_contacts", "legal_contacts", "originals_location",
            "medical_referrals", "psychological_referrals", "housing_referrals",
            "organisation_referrals", "routines",
        ]
