from allauth.account.forms import LoginForm as AllauthLoginForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_email


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
