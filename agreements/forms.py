from django import forms
from django.utils.translation import gettext_lazy as _


class SendForApprovalForm(forms.Form):
    # The checksum of the text the staff member read: only that exact text is sent.
    checksum = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the parties (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
