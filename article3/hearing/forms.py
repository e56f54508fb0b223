from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from article3.hearing.models import WITNESS_CHECKLIST
from article3.hearing.services import MAX_ANSWER


class AnswerForm(forms.Form):
    question = forms.CharField(max_length=20, widget=forms.HiddenInput)
    answer = forms.CharField(label=_("The client's answer"), max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Write the client's answer before saving it.")})


class AnswerEditForm(forms.Form):
    answer = forms.CharField(label=_("The client's answer"), max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Write the client's answer before saving it.")})
    version = forms.IntegerField(widget=forms.HiddenInput)


class OutlineItemForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=300,
                            error_messages={"required": _("Give the topic a title.")})
    elicit = forms.CharField(label=_("Facts to bring out"), required=False, max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 4}))
    witnesses = forms.CharField(label=_("Witnesses who speak to it"), required=False, max_length=MAX_ANSWER,
                                widget=forms.Textarea(attrs={"rows": 2}))


class OutlineItemEditForm(OutlineItemForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    question = forms.ChoiceField(label=_("About"), required=False)
    judge_asked = forms.BooleanField(label=_("The judge asked this"), required=False)
    text = forms.CharField(label=_("Note"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write the note before saving it.")})

    def __init__(self, *args: Any, questions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", _("The hearing in general")), *questions]  # type: ignore[attr-defined]


class NoteEditForm(forms.Form):
    judge_asked = forms.BooleanField(label=_("The judge asked this"), required=False)
    text = forms.CharField(label=_("Note"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write the note before saving it.")})
    version = forms.IntegerField(widget=forms.HiddenInput)


class WitnessForm(forms.Form):
    speaks_to = forms.CharField(label=_("What they speak to"), required=False, max_length=MAX_ANSWER,
                                widget=forms.Textarea(attrs={"rows": 2}))
    language = forms.CharField(label=_("Language and dialect"), required=False, max_length=60)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    remote = forms.BooleanField(label=_("Attends remotely"), required=False)
    contact_done = forms.BooleanField(label=_("Contacted"), required=False)
    checklist = forms.MultipleChoiceField(label=_("Preparation"), required=False, choices=WITNESS_CHECKLIST,
                                          widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CareForm(forms.Form):
    breaks = forms.CharField(label=_("Breaks needed"), required=False, max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 2}))
    triggers = forms.CharField(label=_("Triggers to avoid or prepare for"), required=False, max_length=MAX_ANSWER,
                               widget=forms.Textarea(attrs={"rows": 2}))
    interviewer_gender = forms.CharField(label=_("Preferred gender of the interviewer"), required=False,
                                         max_length=100)
    interpreter_gender = forms.CharField(label=_("Preferred gender of the interpreter"), required=False,
                                         max_length=100)
    accommodations = forms.CharField(label=_("Accommodations requested from the tribunal"), required=False,
                                     max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
