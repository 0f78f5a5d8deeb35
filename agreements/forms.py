from django import forms
from django.utils.translation import gettext_lazy as _

from collaborations.models import ConfirmationAnswer


class SendForApprovalForm(forms.Form):
    # The checksum of the text the staff member read: only that exact text is sent.
    checksum = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the parties (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class ApprovalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (ConfirmationAnswer.AGREE, _("We approve this version of the agreement")),
            (ConfirmationAnswer.CHANGES, _("We want changes")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What do you want changed?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == ConfirmationAnswer.CHANGES and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Write what you want changed."))
        return data
