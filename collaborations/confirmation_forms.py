from django import forms
from django.utils.translation import gettext_lazy as _

from collaborations.models import ConfirmationAnswer, MailLanguage


class SendForConfirmationForm(forms.Form):
    """The version being sent, an optional message, and each party's e-mail language."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    message = forms.CharField(
        label=_("Message to the parties (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Shown in the e-mail and above the problem description, for example why you ask."),
    )

    def __init__(self, *args, parties, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = parties
        for party in parties:
            self.fields[self.language_field(party)] = forms.ChoiceField(
                label=_("Language of the e-mail to %(organisation)s")
                % {"organisation": party.organisation.name},
                choices=MailLanguage.choices,
                initial=languages.get(party.pk, MailLanguage.SWEDISH),
            )

    @staticmethod
    def language_field(party) -> str:
        return f"language_{party.pk}"

    def recipient_rows(self):
        """(party, its bound language field) for the table of recipients."""
        return [(party, self[self.language_field(party)]) for party in self.parties]

    def languages(self) -> dict[int, str]:
        return {party.pk: self.cleaned_data[self.language_field(party)] for party in self.parties}


ANSWER_DESCRIPTIONS = {
    ConfirmationAnswer.AGREE: _("We share this description of the problem."),
    ConfirmationAnswer.CHANGES: _("Write in the comment what needs to change."),
    ConfirmationAnswer.DECLINE: _("Our organisation declines to take part in the collaboration."),
}
APPROVAL_CHOICES = [
    (ConfirmationAnswer.AGREE, _("Approves")),
    (ConfirmationAnswer.CHANGES, _("Wants changes")),
]
APPROVAL_DESCRIPTIONS = {
    ConfirmationAnswer.AGREE: _("We approve exactly this text of the agreement."),
    ConfirmationAnswer.CHANGES: _("Write in the comment what needs to change."),
}


class AnswerForm(forms.Form):
    """A party's answer to one version: of the problem description, or (`is_agreement`) of the
    agreement, which has no "declines"."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=ConfirmationAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the three answers.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("Required if you want changes: write what needs to change and why."),
    )

    def __init__(self, *args, is_agreement=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptions = ANSWER_DESCRIPTIONS
        if is_agreement:
            self.descriptions = APPROVAL_DESCRIPTIONS
            self.fields["answer"].choices = APPROVAL_CHOICES
            self.fields["answer"].error_messages["required"] = _(
                "Choose whether you approve the agreement or want changes."
            )

    def clean(self):
        data = super().clean()
        if data.get("answer") == ConfirmationAnswer.CHANGES and not data.get("comment", "").strip():
            self.add_error("comment", _("Write what you want changed."))
        return data

    def choice_rows(self):
        """One row per answer for the template: the radio's id, value, label, description, checked."""
        current = self["answer"].value()
        return [
            {
                "id": f"id_answer_{index}",
                "value": value,
                "label": label,
                "description": self.descriptions[value],
                "checked": current == value,
            }
            for index, (value, label) in enumerate(self.fields["answer"].choices)
        ]


class LinkAnswerForm(AnswerForm):
    """The answer given on the page the e-mailed link opens. Someone not logged in with the invited
    address gives their name (and title), which are recorded with the answer."""

    name = forms.CharField(
        label=_("Your name"), max_length=200, error_messages={"required": _("Write your name.")}
    )
    title = forms.CharField(label=_("Your title or role (optional)"), max_length=200, required=False)

    def __init__(self, *args, signed_in, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["name"]
            del self.fields["title"]


class CompareVersionsForm(forms.Form):
    old = forms.TypedChoiceField(label=_("From version"), coerce=int)
    new = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v, _("Version %(version)s") % {"version": v}) for v in versions]
        message = _("Choose a version that exists.")
        for name in ("old", "new"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = message
            self.fields[name].error_messages["required"] = message

    def clean(self):
        data = super().clean()
        if data.get("old") is not None and data.get("old") == data.get("new"):
            self.add_error("new", _("Choose two different versions."))
        return data
