from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from checklist.chooser import Aim, MoneyFlow
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    FollowUp,
    GroupMember,
    LegalReview,
    ReviewStatus,
    WorkOrganisation,
)
from collaborations.forms import DateInput
from collaborations.models import CollaborationModel
from samverkan.forms import ConflictCheckMixin

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class NotApplicableForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the step not apply?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Write why the step does not apply.")},
    )


# The largest number the party's PositiveIntegerFields hold on every database (PostgreSQL's integer):
# a larger one is refused with the form's own message instead of failing in the database.
LARGEST_AMOUNT = 2_147_483_647


class ContributionForm(ConflictCheckMixin, forms.Form):
    responsibilities = forms.CharField(
        label=_("Role and responsibilities"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    staff_hours = forms.IntegerField(
        label=_("Staff time (hours per year)"), min_value=0, max_value=LARGEST_AMOUNT, required=False
    )
    money_sek = forms.IntegerField(
        label=_("Money (SEK per year)"), min_value=0, max_value=LARGEST_AMOUNT, required=False
    )
    premises = forms.CharField(label=_("Premises"), max_length=500, required=False)
    other_contribution = forms.CharField(
        label=_("Other contribution"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )

    def clean(self):
        data = super().clean()
        contribution = [data.get(k) for k in ("staff_hours", "money_sek", "premises", "other_contribution")]
        if not any(contribution):
            raise ValidationError(_("Give at least one contribution: staff time, money, premises or other."))
        return data


class WorkOrganisationForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = WorkOrganisation
        fields = ["coordinator_party", "coordinator_name", "steering_rhythm", "working_rhythm", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator_party"].queryset = parties


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["group", "party", "person", "task"]

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        self.fields["person"].help_text = _("Usually the party's representative.")


class LegalReviewForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = LegalReview
        fields = ["status", "assessment", "assessed_by", "assessed_on"]
        widgets = {"assessment": forms.Textarea(attrs={"rows": 5}), "assessed_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("status") == ReviewStatus.ASSESSED:
            for name, message in [
                ("assessment", _("Write the assessment before marking the topic as assessed.")),
                ("assessed_by", _("Say who made the assessment.")),
                ("assessed_on", _("Give the date of the assessment.")),
            ]:
                if not data.get(name):
                    self.add_error(name, message)
        return data


class ActivityForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "description", "responsible_party", "starts_on", "ends_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_party"].queryset = parties

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class BudgetLineForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["party", "year", "amount_sek", "purpose"]

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise ValidationError(_("Give a year between 2000 and 2100."))
        return year


class FollowUpForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["method", "rhythm", "responsible_party"]
        widgets = {"method": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_party"].queryset = parties


class CommunicationPlanForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = CommunicationPlan
        fields = ["residents", "public", "spokesperson"]
        widgets = {
            "residents": forms.Textarea(attrs={"rows": 3}),
            "public": forms.Textarea(attrs={"rows": 3}),
        }


class AgreementTermsForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = AgreementTerms
        fields = ["starts_on", "ends_on", "review", "termination", "changes", "disputes"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "review": forms.Textarea(attrs={"rows": 2}),
            "termination": forms.Textarea(attrs={"rows": 2}),
            "changes": forms.Textarea(attrs={"rows": 2}),
            "disputes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("The end must be after the start."))
        return data


# --- The model chooser --------------------------------------------------------------------------


class ChooserQuestionsForm(ConflictCheckMixin, forms.Form):
    aims = forms.MultipleChoiceField(
        label=_("What do you want to achieve?"), choices=Aim.CHOICES, widget=forms.CheckboxSelectMultiple
    )
    money_flow = forms.ChoiceField(
        label=_("How does money flow in the collaboration?"),
        choices=MoneyFlow.CHOICES,
        widget=forms.RadioSelect,
    )
    situation_picture = forms.ChoiceField(
        label=_("Do you need a shared, continuous situation picture of insecurity in the area?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    boundary = forms.ChoiceField(
        label=_("Is the work limited to an area with a clear geographic boundary?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )


class ChooseModelForm(ConflictCheckMixin, forms.Form):
    model = forms.ChoiceField(
        label=_("Form of collaboration"), choices=CollaborationModel.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Why does this form suit your collaboration?"),
        error_messages={"required": _("Write why you choose this form.")},
    )
    acknowledge_unmet = forms.BooleanField(
        label=_("I know that the chosen form's needs are not all met, and we choose it anyway."),
        required=False,
    )

    @staticmethod
    def stored_values(choice):
        """What the form shows of a stored choice, for its fingerprint (None when nothing is chosen)."""
        if choice is None:
            return None
        return {
            "model": choice.model,
            "rationale": choice.rationale,
            "acknowledge_unmet": choice.unmet_needs_acknowledged,
        }


class DetailsForm(ConflictCheckMixin, forms.Form):
    """The details of a form of collaboration: save what is decided, leave the rest empty. Each empty
    detail is a gap in the agreement, and step 7 is not done until it is written (checklist/steps.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "based_on":
                field.required = False

    def clean(self):
        data = super().clean()
        if not any(str(value or "").strip() for name, value in data.items() if name != "based_on"):
            raise ValidationError(
                _("Write at least one of the details; leave what is not decided yet empty.")
            )
        return data


class IopDetailsForm(DetailsForm):
    activity = forms.CharField(
        label=_("The activity the partnership is about"), widget=forms.Textarea(attrs={"rows": 3})
    )
    procurement_assessment = forms.CharField(
        label=_("Assessment against public procurement and state aid rules"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this is neither a disguised direct award nor unlawful state aid."),
    )
    independence = forms.CharField(
        label=_("How the non-profit organisation's independence is kept"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public_contribution = forms.CharField(
        label=_("What the public side contributes"), widget=forms.Textarea(attrs={"rows": 2})
    )
    nonprofit_contribution = forms.CharField(
        label=_("What the non-profit side contributes"), widget=forms.Textarea(attrs={"rows": 2})
    )


class EstDetailsForm(DetailsForm):
    reporters = forms.CharField(
        label=_("Who reports incidents to the situation picture"), widget=forms.Textarea(attrs={"rows": 3})
    )
    weekly_meeting = forms.CharField(
        label=_("When the weekly situation picture is put together"),
        max_length=200,
        help_text=_("For example: Tuesdays at 9, digital meeting."),
    )
    analysis = forms.CharField(
        label=_("Who makes the quarterly analysis, and the yearly follow-up"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    report_content = forms.CharField(
        label=_("What reports may and may not contain"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("Places, times and kinds of events. Never names or other information about persons."),
    )


class BidDetailsForm(DetailsForm):
    association = forms.CharField(label=_("The association that runs the BID"), max_length=200)
    boundary = forms.CharField(label=_("The area's boundary"), widget=forms.Textarea(attrs={"rows": 2}))
    fee_model = forms.CharField(
        label=_("The fee model"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: a fee per square metre or per property."),
    )
    decision_rules = forms.CharField(
        label=_("How decisions are made"), widget=forms.Textarea(attrs={"rows": 2})
    )
    non_members = forms.CharField(
        label=_("How owners who do not join are handled"), widget=forms.Textarea(attrs={"rows": 2})
    )


class OtherDetailsForm(DetailsForm):
    description = forms.CharField(
        label=_("How the collaboration is set up"), widget=forms.Textarea(attrs={"rows": 4})
    )


DETAILS_FORMS = {
    CollaborationModel.IOP: IopDetailsForm,
    CollaborationModel.EST: EstDetailsForm,
    CollaborationModel.BID: BidDetailsForm,
    CollaborationModel.OTHER: OtherDetailsForm,
}
