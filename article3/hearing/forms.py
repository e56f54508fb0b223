from typing import Any

from django import forms

from article3.hearing.models import WITNESS_CHECKLIST
from article3.hearing.services import MAX_ANSWER


class AnswerForm(forms.Form):
    question = forms.CharField(max_length=20, widget=forms.HiddenInput)
    answer = forms.CharField(label="The client's answer", max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Write the client's answer before saving it."})


class AnswerEditForm(forms.Form):
    answer = forms.CharField(label="The client's answer", max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Write the client's answer before saving it."})
    version = forms.IntegerField(widget=forms.HiddenInput)


class OutlineItemForm(forms.Form):
    title = forms.CharField(label="Topic", max_length=300,
                            error_messages={"required": "Give the topic a title."})
    elicit = forms.CharField(label="Facts to bring out", required=False, max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 4}))
    witnesses = forms.CharField(label="Witnesses who speak to it", required=False, max_length=MAX_ANSWER,
                                widget=forms.Textarea(attrs={"rows": 2}))


class OutlineItemEditForm(OutlineItemForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    question = forms.ChoiceField(label="About", required=False)
    judge_asked = forms.BooleanField(label="The judge asked this", required=False)
    text = forms.CharField(label="Note", max_length=20_000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Write the note before saving it."})

    def __init__(self, *args: Any, questions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "The hearing in general"), *questions]  # type: ignore[attr-defined]


class NoteEditForm(forms.Form):
    judge_asked = forms.BooleanField(label="The judge asked this", required=False)
    text = forms.CharField(label="Note", max_length=20_000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Write the note before saving it."})
    version = forms.IntegerField(widget=forms.HiddenInput)


class WitnessForm(forms.Form):
    speaks_to = forms.CharField(label="What they speak to", required=False, max_length=MAX_ANSWER,
                                widget=forms.Textarea(attrs={"rows": 2}))
    language = forms.CharField(label="Language and dialect", required=False, max_length=60)
    interpreter_needed = forms.BooleanField(label="Interpreter needed", required=False)
    remote = forms.BooleanField(label="Attends remotely", required=False)
    contact_done = forms.BooleanField(label="Contacted", required=False)
    checklist = forms.MultipleChoiceField(label="Preparation", required=False, choices=WITNESS_CHECKLIST,
                                          widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CareForm(forms.Form):
    breaks = forms.CharField(label="Breaks needed", required=False, max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 2}))
    triggers = forms.CharField(label="Triggers to avoid or prepare for", required=False, max_length=MAX_ANSWER,
                               widget=forms.Textarea(attrs={"rows": 2}))
    interviewer_gender = forms.CharField(label="Preferred gender of the interviewer", required=False,
                                         max_length=100)
    interpreter_gender = forms.CharField(label="Preferred gender of the interpreter", required=False,
                                         max_length=100)
    accommodations = forms.CharField(label="Accommodations requested from the tribunal", required=False,
                                     max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
