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


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "org_number", "kind"]

    def clean_org_number(self):
        return normalise_org_number(self.cleaned_data["org_number"])


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
        help_text=_("Ten digits, NNNNNN-NNNN."),
    )
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
            ("new_org_number", _("Enter the organisation number.")),
            ("new_kind", _("Choose the kind of organisation.")),
        ]:
            if not data.get(field):
                self.add_error(field, message)
        if data.get("new_org_number"):
            try:
                data["new_org_number"] = normalise_org_number(data["new_org_number"])
            except ValidationError as error:
                self.add_error("new_org_number", error)
        return data

    def new_organisation(self):
        data = self.cleaned_data
        if data.get("organisation"):
            return None
        return {"name": data["new_name"], "org_number": data["new_org_number"], "kind": data["new_kind"]}


class ResidentInvolvementForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = ResidentInvolvement
        fields = ["method", "held_on", "participants", "learned", "effect_on_problem"]
        widgets = {
            "held_on": DateInput(),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "effect_on_problem": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "learned": _(
                "Write what was learned, not who said it: no names, addresses or other personal data "
                "about residents."
            ),
        }

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future: record what has happened."))
        return held_on


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
    class Meta:
        model = SubGoal
        fields = ["indicator", "baseline", "target", "target_date"]
        widgets = {"target_date": DateInput()}


class MandateForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["decided_by", "decided_on", "scope", "resources"]
        widgets = {
            "decided_on": DateInput(),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise ValidationError(_("The date of the decision cannot be in the future."))
        return decided_on


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
