"""The interview's forms: one question each, in plain words, every field optional unless it must not be."""

import gettext as gettext_module
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from article3.chronology.dates import DateFormatError, FuzzyDate

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE_HINT = _("For example 2019, or 2019-05, or 2019-05-14. Put ~ in front if you are not sure: ~2019.")


def date_field(label: "StrOrPromise") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=40, help_text=DATE_HINT,
                           validators=[_date_check])


def _date_check(value: str) -> None:
    try:
        FuzzyDate.parse(value.strip())
    except DateFormatError:
        raise forms.ValidationError(
            _("We could not read this date. Write the year (2019), the year and month (2019-05), or the day "
              "(2019-05-14). You can also leave it empty.")) from None


def text(label: "StrOrPromise", *, rows: int = 0, required: bool = False, max_length: int = 10000) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget)


def countries() -> list[tuple[str, str]]:
    """Every country, named and sorted in the page's language."""
    import pycountry

    try:
        names = gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[get_language() or "en"])
        local = names.gettext
    except OSError:
        local = gettext_module.NullTranslations().gettext
    found = [(c.alpha_2, local(c.name)) for c in pycountry.countries]
    return [("", "—"), *sorted(found, key=lambda pair: pair[1].casefold())]


YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNSURE = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("I am not sure"))]


class HelpLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, widget=forms.RadioSelect)


class HelpResumeForm(forms.Form):
    code = forms.CharField(label=_("Your code"), max_length=60,
                           help_text=_("The letters and numbers you wrote down, like ABCD-EFGH-2345-…"))


class HelpNameForm(forms.Form):
    name = text(_("Your full name"), required=True, max_length=200)


class HelpOtherNamesForm(forms.Form):
    other_names = text(_("Other names, one on each line"), rows=3, max_length=2000)


class HelpBirthForm(forms.Form):
    birth_date = date_field(_("Date of birth"))


class HelpNationalityForm(forms.Form):
    nationality = forms.ChoiceField(label=_("Country"), required=False, choices=())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["nationality"].choices = countries()  # type: ignore[attr-defined]


class HelpCountryForm(forms.Form):
    country_of_return = forms.ChoiceField(label=_("Country"), required=True, choices=())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["country_of_return"].choices = countries()  # type: ignore[attr-defined]


class HelpDialectForm(forms.Form):
    interpreter_dialect = text(_("Language or dialect"), max_length=100)


class HelpDetainedForm(forms.Form):
    detained = forms.ChoiceField(label=_("Are you in detention?"), choices=YES_NO, widget=forms.RadioSelect)


class HelpForumForm(forms.Form):
    forum = forms.ChoiceField(label=_("Where is your case?"), choices=(), widget=forms.RadioSelect)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from article3.rulepacks import all_packs

        packs = [(p.forum, p.name) for p in all_packs().values() if p.forum != "generic"]
        self.fields["forum"].choices = [*packs, ("generic", _("I do not know"))]  # type: ignore[attr-defined]


class HelpStoryForm(forms.Form):
    text = text(_("Your answer"), rows=8)


class HelpEventForm(forms.Form):
    description = text(_("What happened?"), rows=6)
    date = date_field(_("When?"))
    place = text(_("Where?"), max_length=200)
    who = text(_("Who did it?"), max_length=300)


class HelpAgentForm(forms.Form):
    description = text(_("Who are they?"), max_length=300)
    official = forms.ChoiceField(label=_("Are they police, soldiers or other public officials, or do they work "
                                         "with them?"), choices=YES_NO_UNSURE, required=False,
                                 widget=forms.RadioSelect)
    link_to_officials = text(_("How are they linked to the government?"), rows=3)


BODIES = [
    # Plain words for the applicant, not the lawyer's ("Ministère public", "Juridiction"): their own context.
    ("police", _("Police")), ("prosecutor", pgettext_lazy("plain words", "Prosecutor")),
    ("court", pgettext_lazy("plain words", "Court")),
    ("ombudsman", _("Ombudsman")), ("human_rights_commission", _("Human rights commission")),
    ("military", _("Army")), ("other", _("Someone else")),
]
OUTCOMES = [
    ("no_response", _("Nothing: no answer")), ("refused", _("They refused to help")),
    ("delayed", _("They kept delaying")), ("dismissed", _("They closed the complaint")),
    ("retaliation", _("I was punished or hurt for asking")), ("effective", _("They helped")),
    ("pending", _("I am still waiting")),
]


class HelpRemedyForm(forms.Form):
    body = forms.ChoiceField(label=_("Whom did you ask?"), choices=BODIES, required=False, widget=forms.RadioSelect)
    date = date_field(_("When?"))
    description = text(_("What did you ask for?"), rows=3)
    outcome = forms.ChoiceField(label=_("What happened?"), choices=OUTCOMES, required=False,
                                widget=forms.RadioSelect)
    consequence = text(_("What happened to you after that?"), rows=3)


class HelpFamilyForm(forms.Form):
    name = text(_("Name"), max_length=200)
    relation = text(_("Who are they to you? (for example: sister)"), max_length=100)
    notes = text(_("What happened to them, or why are they in danger?"), rows=4)


class HelpRecipientForm(forms.Form):
    choice = forms.ChoiceField(label=_("Who should receive your answers?"), required=False, choices=(),
                               widget=forms.RadioSelect)
    key = text(_("Or paste their key here (it starts with age1)"), max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["choice"].choices = [(str(i), label) for i, (label, _key) in  # type: ignore[attr-defined]
                                         enumerate(settings.ARTICLE3_SELF_HELP_RECIPIENTS)]

    def clean(self) -> dict[str, object]:
        from article3.errors import DomainError
        from article3.interchange.handoff import recipient_parse

        data = super().clean() or {}
        typed = str(data.get("key") or "").strip()
        chosen = str(data.get("choice") or "")
        if typed:
            try:
                recipient_parse(typed)
            except DomainError:
                raise forms.ValidationError(_("This key is not right. A key starts with age1 and has no spaces. "
                                              "Ask the lawyer or organisation to send it to you again.")) from None
            data["recipient"] = typed
        elif chosen:
            data["recipient"] = settings.ARTICLE3_SELF_HELP_RECIPIENTS[int(chosen)][1]
        else:
            raise forms.ValidationError(_("Choose who should receive your answers, or paste their key."))
        return data
