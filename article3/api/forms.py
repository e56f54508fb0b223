from django import forms
from django.utils.translation import gettext_lazy as _

from article3.api.models import Scope
from article3.api.services import MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("What the token is for"),
                           help_text=_("For you to recognise it, e.g. “LegalServer sync”. Do not put case details "
                                       "here."))
    scope = forms.ChoiceField(choices=Scope.choices, initial=Scope.READ, label=_("What it may do"))
    days = forms.IntegerField(min_value=1, max_value=MAX_DAYS, initial=90, label=_("Valid for (days)"))
