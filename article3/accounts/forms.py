from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LoginForm(forms.Form):
    """Clients sign in here too. "Password" has a context: without it, django.contrib.auth's catalogue
    (listed before ours) would give its own word, not the one of the client's other pages."""

    email = forms.CharField(
        label=_("Email address"), max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(label=pgettext_lazy("sign-in form", "Password"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{8})\s*$",  # the app's 6 digits, or a recovery code
        label=_("Code from your authenticator app, or a recovery code"),
        error_messages={"invalid": _("Enter the 6-digit code from your authenticator app, or one of your "
                                     "recovery codes.")},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
