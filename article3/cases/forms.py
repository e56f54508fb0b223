import datetime
import re

from django import forms
from django.utils import timezone

from article3.cases.models import Applicant, Case, FearedAgent, Person, SafetyPlan
from article3.chronology.dates import DATE_HELP, clean_fuzzy
from article3.chronology.models import DomesticRemedy, Event

# A language tag (BCP 47 shape): en, fr, ar, fr-CM, zh-Hant. These columns stay plain, so they
# must hold a code and never words a person typed.
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def clean_language_code(value: str) -> str:
    value = value.strip()
    if value and not LANGUAGE.fullmatch(value):
        raise forms.ValidationError(f"“{value[:40]}” is not a language code: write en, fr, ar or fr-CM.")
    return value


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
    forum = forms.ChoiceField(choices=(), help_text=(
        "Changing it computes the open deadlines again under the new forum's rules, and says what changed."))

    class Meta:
        model = Case
        fields = ["stage", "forum", "hearing_date", "detained", "country_of_return"]
        widgets = {"hearing_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"hearing_date": "The pre-hearing filing deadlines follow it when it changes."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from article3.rulepacks import all_packs

        self.fields["forum"].choices = [(p.forum, p.name) for p in all_packs().values()]  # type: ignore[attr-defined]


class ApplicantForm(VersionedForm):
    class Meta:
        model = Applicant
        fields = ["name", "birth_date", "nationality", "interpreter_language", "interpreter_dialect", "reads_english",
                  "background"]
        help_texts = {"birth_date": "2001-06-02, or 2001-06, or 2001 if only that is known",
                      "interpreter_dialect": "Optional: “Sudanese” for Sudanese Arabic. New interpreter bookings ask "
                                             "for it."}
        labels = {"reads_english": "Reads English well enough to sign a statement in English",
                  "interpreter_language": "Language for the interpreter",
                  "interpreter_dialect": "Dialect for the interpreter"}

    def clean_interpreter_language(self) -> str:
        return clean_language_code(self.cleaned_data["interpreter_language"])

    def clean_birth_date(self) -> str:
        """A date the age check can use: "15/04/1990" was stored and silently turned the check off."""
        from article3.chronology.dates import DateFormatError, FuzzyDate

        text = str(self.cleaned_data["birth_date"]).strip()
        if not text:
            return text
        try:
            born = FuzzyDate.parse(text)
        except DateFormatError as exc:
            raise forms.ValidationError(f"{exc}. Write it as 1990-04-15, or 1990-04, or 1990.") from exc
        if born.end is not None:
            raise forms.ValidationError("Give one date of birth; for an estimate write ~1990.")
        if born.earliest > timezone.localdate() or born.earliest < datetime.date(1900, 1, 1):
            raise forms.ValidationError(f"{born.human()} cannot be a date of birth: check the year.")
        return text


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
        labels = {"at_risk": "At risk of retaliation", "redact": "Never name in documents for third parties"}


class PersonEditForm(VersionedForm, PersonForm):
    class Meta(PersonForm.Meta):
        pass


class AgentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FearedAgent
        fields = ["description", "official", "link_to_officials"]
        labels = {"description": "Who the applicant fears", "official": "A public official",
                  "link_to_officials": "Their link to officials"}


class AgentEditForm(VersionedForm, AgentForm):
    class Meta(AgentForm.Meta):
        pass


class EventForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Event
        fields = ["kind", "title", "date", "place", "concerns_applicant", "in_home_country", "description"]
        help_texts = {"date": DATE_HELP}


class RemedyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DomesticRemedy
        fields = ["date", "body", "description", "outcome", "consequence"]
        help_texts = {"date": DATE_HELP}
        labels = {"body": "Asked for protection from", "description": "What was asked, and how",
                  "consequence": "What followed"}

    def clean_date(self) -> str:
        return clean_fuzzy(self.cleaned_data["date"])


class RemedyEditForm(VersionedForm, RemedyForm):
    class Meta(RemedyForm.Meta):
        pass


class SafetyPlanForm(VersionedForm):
    class Meta:
        model = SafetyPlan
        fields = [
            "trusted_contacts", "emergency_contacts", "legal_contacts", "originals_location",
            "medical_referrals", "psychological_referrals", "housing_referrals",
            "organisation_referrals", "routines",
        ]
