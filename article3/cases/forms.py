import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from article3.cases.models import Applicant, Case, FearedAgent, Person, SafetyPlan
from article3.chronology.dates import DATE_HELP, clean_fuzzy
from article3.chronology.models import DomesticRemedy, Event

# A language tag (BCP 47 shape): en, fr, ar, fr-CM, zh-Hant. These columns stay plain, so they
# must hold a code and never words a person typed.
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def clean_language_code(value: str) -> str:
    value = value.strip()
    if value and not LANGUAGE.fullmatch(value):
        raise forms.ValidationError(
            _("“%(value)s” is not a language code: write en, fr, ar or fr-CM.") % {"value": value[:40]})
    return value


class VersionedForm(forms.ModelForm):  # type: ignore[type-arg]
    """Carries the version the editor started from, so a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseCreateForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=60,
                                widget=forms.TextInput(attrs={"autofocus": True}))
    forum = forms.ChoiceField(label=gettext_lazy("Forum"), choices=())
    country_of_return = forms.RegexField(label=gettext_lazy("Country of return"), regex=r"^[A-Za-z]{2}$",
                                         max_length=2, help_text=gettext_lazy("ISO 3166 two-letter code, e.g. CM"))
    applicant_name = forms.CharField(label=gettext_lazy("Applicant name"), max_length=200)
    hearing_date = forms.DateField(label=gettext_lazy("Hearing date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    detained = forms.BooleanField(label=gettext_lazy("Detained"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from article3.rulepacks import all_packs

        self.fields["forum"].choices = [(p.forum, p.name) for p in all_packs().values()]  # type: ignore[attr-defined]


class CaseForm(VersionedForm):
    forum = forms.ChoiceField(label=gettext_lazy("Forum"), choices=(), help_text=gettext_lazy(
        "Changing it computes the open deadlines again under the new forum's rules, and says what changed."))

    class Meta:
        model = Case
        fields = ["stage", "forum", "hearing_date", "detained", "country_of_return"]
        widgets = {"hearing_date": forms.DateInput(attrs={"type": "date"})}
        labels = {"stage": gettext_lazy("Stage"), "hearing_date": gettext_lazy("Hearing date"),
                  "detained": gettext_lazy("Detained"), "country_of_return": gettext_lazy("Country of return")}
        help_texts = {"hearing_date": gettext_lazy("The pre-hearing filing deadlines follow it when it changes.")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from article3.rulepacks import all_packs

        self.fields["forum"].choices = [(p.forum, p.name) for p in all_packs().values()]  # type: ignore[attr-defined]


class ApplicantForm(VersionedForm):
    class Meta:
        model = Applicant
        fields = ["name", "birth_date", "nationality", "interpreter_language", "interpreter_dialect", "reads_english",
                  "background"]
        help_texts = {"birth_date": gettext_lazy("2001-06-02, or 2001-06, or 2001 if only that is known"),
                      "interpreter_dialect": gettext_lazy("Optional: “Sudanese” for Sudanese Arabic. New interpreter "
                                                          "bookings ask for it.")}
        labels = {"name": gettext_lazy("Name"), "birth_date": gettext_lazy("Birth date"),
                  "nationality": gettext_lazy("Nationality"), "background": gettext_lazy("Background"),
                  "reads_english": gettext_lazy("Reads English well enough to sign a statement in English"),
                  "interpreter_language": gettext_lazy("Language for the interpreter"),
                  "interpreter_dialect": gettext_lazy("Dialect for the interpreter")}

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
            raise forms.ValidationError(_("%(problem)s. Write it as 1990-04-15, or 1990-04, or 1990.")
                                        % {"problem": exc}) from exc
        if born.end is not None:
            raise forms.ValidationError(_("Give one date of birth; for an estimate write ~1990."))
        if born.earliest > timezone.localdate() or born.earliest < datetime.date(1900, 1, 1):
            raise forms.ValidationError(
                _("%(date)s cannot be a date of birth: check the year.") % {"date": born.words()})
        return text


class ProfileForm(VersionedForm):
    class Meta:
        model = Case
        fields = ["risk_profile", "risk_terms", "no_remedy_reason", "prior_immigration"]
        labels = {
            "risk_profile": gettext_lazy("Group memberships and profile"),
            "risk_terms": gettext_lazy("Words to watch for in country news (comma separated)"),
            "no_remedy_reason": gettext_lazy(
                "If no attempt was made to seek protection at home: why it was futile or dangerous"),
            "prior_immigration": gettext_lazy("Prior immigration history"),
        }


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Person
        fields = ["role", "name", "relation", "at_risk", "redact", "notes"]
        labels = {"role": gettext_lazy("Role"), "name": gettext_lazy("Name"), "relation": gettext_lazy("Relation"),
                  "at_risk": gettext_lazy("At risk of retaliation"),
                  "redact": gettext_lazy("Never name in documents for third parties"), "notes": gettext_lazy("Notes")}


class PersonEditForm(VersionedForm, PersonForm):
    class Meta(PersonForm.Meta):
        pass


class AgentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FearedAgent
        fields = ["description", "official", "link_to_officials"]
        labels = {"description": gettext_lazy("Who the applicant fears"), "official": gettext_lazy("A public official"),
                  "link_to_officials": gettext_lazy("Their link to officials")}


class AgentEditForm(VersionedForm, AgentForm):
    class Meta(AgentForm.Meta):
        pass


class EventForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Event
        fields = ["kind", "title", "date", "place", "concerns_applicant", "in_home_country", "description"]
        help_texts = {"date": DATE_HELP}
        labels = {"kind": gettext_lazy("Kind"), "title": gettext_lazy("Title"), "date": gettext_lazy("Date"),
                  "place": gettext_lazy("Place"), "concerns_applicant": gettext_lazy("Concerns applicant"),
                  "in_home_country": gettext_lazy("In home country"), "description": gettext_lazy("Description")}


class RemedyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DomesticRemedy
        fields = ["date", "body", "description", "outcome", "consequence"]
        help_texts = {"date": DATE_HELP}
        labels = {"date": gettext_lazy("Date"), "body": gettext_lazy("Asked for protection from"),
                  "description": gettext_lazy("What was asked, and how"), "outcome": gettext_lazy("Outcome"),
                  "consequence": gettext_lazy("What followed")}

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
        labels = {
            "trusted_contacts": gettext_lazy("Trusted contacts"),
            "emergency_contacts": gettext_lazy("Emergency contacts"),
            "legal_contacts": gettext_lazy("Legal contacts"), "originals_location": gettext_lazy("Originals location"),
            "medical_referrals": gettext_lazy("Medical referrals"),
            "psychological_referrals": gettext_lazy("Psychological referrals"),
            "housing_referrals": gettext_lazy("Housing referrals"),
            "organisation_referrals": gettext_lazy("Organisation referrals"), "routines": gettext_lazy("Routines"),
        }
