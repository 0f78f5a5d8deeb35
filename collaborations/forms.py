from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.models import (
    Collaboration,
    FocusArea,
    Mandate,
    MembershipRole,
    Organisation,
    Party,
    PartyRole,
    ResidentInvolvement,
    SubGoal,
)
from collaborations.validators import normalise_org_number
from samverkan.forms import ConflictCheckMixin
from samverkan.unknowns import PartialDateField, UnknownReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CollaborationForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = Collaboration
        fields = ["title", "area_name", "municipality"]


class NewCollaborationForm(CollaborationForm):
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta(CollaborationForm.Meta):
        fields = ["title", "area_name", "municipality", "lead_organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations


# When an organisation has no number on record: it has none (many associations), or it is not known yet.
NO_ORG_NUMBER_CHOICES = [
    (UnknownReason.NOT_KNOWN_YET.value, _("Not known yet")),
    (UnknownReason.DOES_NOT_EXIST.value, _("The organisation has none")),
]


def no_org_number_field():
    return forms.ChoiceField(
        label=_("If the organisation number is left empty"),
        choices=NO_ORG_NUMBER_CHOICES,
        initial=UnknownReason.NOT_KNOWN_YET,
        required=False,
        widget=forms.RadioSelect,
    )


def clean_org_number_pair(number, reason) -> tuple[str | None, str]:
    """(the number as NNNNNN-NNNN or None, why it is missing: "" when given). Raises ValidationError
    for a number that is not valid; an empty number is not an error."""
    number = (number or "").strip()
    if not number:
        return None, reason or UnknownReason.NOT_KNOWN_YET
    return normalise_org_number(number), ""


class OrganisationForm(forms.ModelForm):
    org_number_unknown = no_org_number_field()

    class Meta:
        model = Organisation
        fields = ["name", "org_number", "org_number_unknown", "kind"]

    def clean_org_number(self):
        number, _reason = clean_org_number_pair(self.cleaned_data.get("org_number"), "")
        return number

    def clean(self):
        data = super().clean()
        if "org_number" in data:
            data["org_number"], data["org_number_unknown"] = clean_org_number_pair(
                data["org_number"], data.get("org_number_unknown")
            )
        return data


class PartyForm(ConflictCheckMixin, forms.ModelForm):
    """The party's role, contact and contribution (the organisation is chosen separately)."""

    class Meta:
        model = Party
        fields = [
            "role",
            "state",
            "contact_name",
            "contact_email",
            "contact_phone",
            "staff_hours",
            "money_sek",
            "premises",
            "other_contribution",
            "case_number",
        ]
        widgets = {"other_contribution": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [(value, label) for value, label in PartyRole.choices if value != PartyRole.LEAD]
        if self.instance.pk and self.instance.is_lead:
            roles = [(PartyRole.LEAD.value, PartyRole.LEAD.label)]
        self.fields["role"].choices = roles


class AddPartyForm(PartyForm):
    organisation = forms.ModelChoiceField(
        label=_("Existing organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    new_name = forms.CharField(label=_("Name of the new organisation"), max_length=200, required=False)
    new_org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        required=False,
        help_text=_(
            "Ten digits, NNNNNN-NNNN. Leave it empty if the organisation has none or it is not known."
        ),
    )
    new_org_number_unknown = no_org_number_field()
    new_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "---------")] + list(Organisation._meta.get_field("kind").choices),
        required=False,
    )

    class Meta(PartyForm.Meta):
        # Short: who the party is and who to contact. Its contribution belongs to step 8 (roles and
        # contributions), its state to the party's own page.
        fields = ["organisation", "role", "contact_name", "contact_email", "contact_phone"]

    def clean(self):
        data = super().clean()
        if data.get("organisation"):
            return data
        if not (data.get("new_name") or data.get("new_org_number") or data.get("new_kind")):
            raise ValidationError(_("Choose an existing organisation or fill in the details of a new one."))
        for field, message in [
            ("new_name", _("Enter the organisation's name.")),
            ("new_kind", _("Choose the kind of organisation.")),
        ]:
            if not data.get(field):
                self.add_error(field, message)
        try:
            data["new_org_number"], data["new_org_number_unknown"] = clean_org_number_pair(
                data.get("new_org_number"), data.get("new_org_number_unknown")
            )
        except ValidationError as error:
            self.add_error("new_org_number", error)
        return data

    def new_organisation(self):
        data = self.cleaned_data
        if data.get("organisation"):
            return None
        return {
            "name": data["new_name"],
            "org_number": data["new_org_number"],
            "org_number_unknown": data["new_org_number_unknown"],
            "kind": data["new_kind"],
        }


def _not_in_the_future(partial, message):
    if partial is not None and partial.value > timezone.localdate():
        raise ValidationError(message)
    return partial


def _reason_field(label):
    return forms.ChoiceField(
        label=label, choices=[("", _("No reason given"))] + UnknownReason.choices, required=False
    )


class ResidentInvolvementForm(ConflictCheckMixin, forms.ModelForm):
    held_on = PartialDateField(label=_("Date"), required=False)
    field_order = ["method", "held_on", "participants", "learned", "effect_on_problem"]

    class Meta:
        model = ResidentInvolvement
        fields = ["method", "participants", "learned", "effect_on_problem"]
        help_texts = {"participants": _("Leave it empty if it is not known.")}
        widgets = {
            "learned": forms.Textarea(attrs={"rows": 3}),
            "effect_on_problem": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "learned": _(
                "Write what was learned, not who said it: no names, addresses or other personal data "
                "about residents."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("held_on", self.instance.held)

    def clean_held_on(self):
        return _not_in_the_future(
            self.cleaned_data["held_on"], _("The date cannot be in the future: record what has happened.")
        )


class ProblemDescriptionForm(forms.Form):
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(
        label=_("Problem description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_(
            "Which problem should the collaboration take on first? "
            "Describe it so that every party recognises it."
        ),
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        choices=FocusArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
        help_text=_("Statistics, safety surveys, residents' dialogues – what is the description based on?"),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write the problem description."))
        return text


class GoalForm(ConflictCheckMixin, forms.Form):
    overall = forms.CharField(
        label=_("Overall goal"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class SubGoalForm(ConflictCheckMixin, forms.ModelForm):
    """A sub-goal: the baseline and the target may be left empty until they are known (with why)."""

    baseline_unknown = _reason_field(_("If the baseline is not known yet: why"))
    target_unknown = _reason_field(_("If the target is not known yet: why"))
    target_date = PartialDateField(label=_("Target date"), required=False)
    field_order = ["indicator", "baseline", "baseline_unknown", "target", "target_unknown", "target_date"]

    class Meta:
        model = SubGoal
        fields = ["indicator", "baseline", "baseline_unknown", "target", "target_unknown"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("target_date", self.instance.target_when)

    def clean(self):
        data = super().clean()
        for fact in ("baseline", "target"):
            if (data.get(fact) or "").strip():
                data[f"{fact}_unknown"] = ""  # a value is recorded: no reason why it is missing
        return data


class MandateForm(ConflictCheckMixin, forms.ModelForm):
    """A party's own decision, or a reference to a joint decision taken for several parties."""

    decided_on = PartialDateField(label=_("Date of decision"), required=False)
    field_order = ["joint_decision", "decided_by", "decided_on", "scope", "resources"]

    class Meta:
        model = Mandate
        fields = ["joint_decision", "decided_by", "scope", "resources"]
        help_texts = {
            "joint_decision": _(
                "Choose it if the party's mandate is a decision taken jointly with other parties."
            ),
        }
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, joint_decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["joint_decision"].queryset = joint_decisions
        self.fields["joint_decision"].empty_label = _("None: the party's own decision")
        if self.instance.pk:
            self.initial.setdefault(
                "decided_on", self.instance.decided if not self.instance.joint_decision_id else None
            )

    def clean_decided_on(self):
        return _not_in_the_future(
            self.cleaned_data["decided_on"], _("The date of the decision cannot be in the future.")
        )

    def clean(self):
        data = super().clean()
        if data.get("joint_decision"):
            return data
        if not (data.get("decided_by") or "").strip():
            self.add_error("decided_by", _("Enter who decided, or choose a joint decision."))
        if not (data.get("scope") or "").strip():
            self.add_error("scope", _("Describe the scope of the mandate, or choose a joint decision."))
        return data


class JointDecisionForm(forms.Form):
    """One decision taken for several parties at once (a jointly signed citizen promise, say)."""

    decided_by = forms.CharField(label=_("Decided by (body or role)"), max_length=200)
    decided_on = PartialDateField(label=_("Date of decision"), required=False)
    scope = forms.CharField(
        label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("The parties whose mandate it is"),
        queryset=Party.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least two parties.")},
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties
        self.fields["parties"].label_from_instance = lambda party: party.organisation.name

    def clean_decided_on(self):
        return _not_in_the_future(
            self.cleaned_data["decided_on"], _("The date of the decision cannot be in the future.")
        )

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise ValidationError(_("Choose at least two parties."))
        return parties


class CaseNumberForm(ConflictCheckMixin, forms.ModelForm):
    """A party's own case number (diarienummer), recorded by its representative."""

    class Meta:
        model = Party
        fields = ["case_number"]


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(
                _("There is no account with that email address. Ask the person to create an account first.")
            )
        self.user = user
        return email
