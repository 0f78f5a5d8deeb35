from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's login form, with the e-mail address filled in from `?email=` (an invitation's link
    to log in says who was invited)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.request.GET.get("email", "") if self.request is not None else ""
        if not self.is_bound and email:
            try:
                validate_email(email)
            except ValidationError:
                return
            self.initial["login"] = email


def _name_fields():
    return {
        "first_name": forms.CharField(
            label=_("First name"),
            max_length=150,
            widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        ),
        "last_name": forms.CharField(
            label=_("Last name"),
            max_length=150,
            widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        ),
        "title": forms.CharField(
            label=_("Title (optional)"),
            max_length=150,
            required=False,
            help_text=_("Your role, as it should stand under your name, e.g. “trygghetssamordnare”."),
            widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        ),
    }


class SignupForm(AllauthSignupForm):
    """allauth's signup form, asking for the name first: a person is shown by name, not by address.
    allauth's adapter stores first_name and last_name; the title is stored here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = _name_fields()
        self.fields = {**fields, **self.fields}

    def custom_signup(self, request, user):
        user.title = self.cleaned_data["title"].strip()
        user.save(update_fields=["title"])


class ProfileForm(forms.Form):
    """The name and title a person is shown by."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_name_fields())


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password again: a forgotten open session must not be enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."))
        return password
