from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), required=False, max_length=20_000,
                             widget=forms.Textarea(attrs={"rows": 5}))
    voice = forms.FileField(label=_("Or record a voice message"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "audio/*", "capture": "user"}))


class AnswerEditForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), required=False, max_length=20_000,
                             widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Photo or document"),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf",
                                                                  "capture": "environment"}))
    note = forms.CharField(label=_("What is it? (optional)"), required=False, max_length=200)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))
