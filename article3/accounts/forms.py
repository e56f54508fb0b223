from django import forms


class LoginForm(forms.Form):
    email = forms.CharField(
        max_length=254, widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\d{6}$",
        error_messages={"invalid": "Enter the 6-digit code from your authenticator app."},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
