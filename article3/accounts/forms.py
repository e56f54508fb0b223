from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    """Clients sign in here too: the labels are Django's own words, translated in its catalogues."""

    email = forms.CharField(
        label=_("Email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(label=_("Password"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{8})\s*$",  # the app's 6 digits, or a recovery code
        label="Code from your authenticator app, or a recovery code",
        error_messages={"invalid": "Enter the 6-digit code from your authenticator app, or one of your "
                                   "recovery codes."},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
