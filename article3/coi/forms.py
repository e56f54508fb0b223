from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from article3.coi.models import DocType
from article3.coi.selectors import parse_publication_date, parse_since


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=500,
                        help_text=_('Words must all appear; use "quotes" for a phrase and OR for alternatives.'))
    country = forms.CharField(label=_("Country"), required=False, max_length=2,
                              help_text=_("Two-letter code, e.g. CM."))
    since = forms.CharField(label=_("Published since"), required=False, max_length=10, help_text=_("YYYY-MM"))
    current = forms.BooleanField(label=_("Current editions only"), required=False)
    meaning = forms.BooleanField(label=_("Also passages close in meaning"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from article3.coi import semantic

        super().__init__(*args, **kwargs)
        if not semantic.available():  # the semantic extra is not installed
            del self.fields["meaning"]

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).strip().upper()

    def clean_since(self) -> Any:
        try:
            return parse_since(self.cleaned_data["since"] or "")
        except ValueError as exc:
            raise forms.ValidationError(_("Give a month as YYYY-MM.")) from exc


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Report file"), help_text=_("PDF, Word (DOCX), web page (HTML) or plain text."),
                           error_messages={"required": _("Choose the report file to import.")})
    countries = forms.CharField(label=_("Countries"), max_length=200,
                                help_text=_("Two-letter codes, e.g. CM or CM,NG."))
    title = forms.CharField(label=_("Title"), required=False, max_length=500,
                            help_text=_("Left blank: the title in the file."))
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    date = forms.CharField(label=_("Publication date"), required=False, max_length=10,
                           help_text=_("YYYY-MM-DD, YYYY-MM, or the year alone (e.g. 2023) for an annual report."))
    url = forms.URLField(label=_("Address (URL)"), required=False, max_length=1000, assume_scheme="https")
    doc_type = forms.ChoiceField(label=_("Kind"), choices=DocType.choices, initial=DocType.REPORT)
    language = forms.CharField(label=_("Language"), required=False, max_length=35, help_text=_("e.g. en, fr"))
    series = forms.CharField(label=_("Series"), required=False, max_length=300,
                             help_text=_("Name shared by the editions of a yearly report; "
                                         "guessed from the title if blank."))


    def __init__(self, *args: Any, file_kept: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].required = not file_kept  # the file sent with an earlier try is kept

    def clean_date(self) -> tuple[Any, str]:
        """(first day, precision): a year alone is how annual reports are cited."""
        try:
            return parse_publication_date(self.cleaned_data["date"] or "")
        except ValueError as exc:
            raise forms.ValidationError(
                _("Give a date as YYYY-MM-DD, a month as YYYY-MM, or a year as YYYY.")) from exc


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.URLField(label=_("Feed address"), max_length=1000, assume_scheme="https")
    countries = forms.CharField(label=_("Countries"), max_length=200,
                                help_text=_("Two-letter codes, e.g. CM or CM,NG."))
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    doc_type = forms.ChoiceField(label=_("Kind"), choices=DocType.choices, initial=DocType.NEWS)


class CiteForm(forms.Form):
    passage = forms.IntegerField(widget=forms.HiddenInput)
    elements = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                         help_text=_("The elements of the claim this passage supports."))
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("The passage's exact words; shorten it to the part you rely on."))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, element_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elements"].choices = element_choices  # type: ignore[attr-defined]
