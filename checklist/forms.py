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
    Signatory,
    SignatoryAuthority,
    WorkOrganisation,
)
from collaborations.forms import DateInput
from collaborations.models import CollaborationModel
from samverkan.forms import ConflictCheckMixin
from samverkan.unknowns import PartialDateField

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
        label=_("Goods or services given"),
        help_text=_(
            "Given without payment. A service another party pays for is not a contribution: record it as "
            "a payment for a service on the step page."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )

    # A role may be saved before the party's contribution is known: the step and the agreement then
    # show the missing contribution as what is left (nothing demanded, nothing invented).


class PaidServiceForm(forms.Form):
    description = forms.CharField(
        label=_("Service paid for"),
        help_text=_("For example cleaning or catering that another party pays the organisation for."),
        max_length=300,
        error_messages={"required": _("Describe the service that is paid for.")},
    )
    amount_sek = forms.IntegerField(
        label=_("Amount (SEK per year)"),
        help_text=_("Leave empty if it is not known yet."),
        min_value=0,
        max_value=LARGEST_AMOUNT,
        required=False,
    )


def forget_reasons_of_known(data, pairs):
    """Clear the reason why a fact is not recorded where the fact is recorded after all.
    `pairs`: (the fact's field, its reason's field)."""
    for fact, reason in pairs:
        if data.get(fact) not in (None, ""):
            data[reason] = ""
    return data


class SomethingKnownMixin:
    """A form that saves what is known, but not nothing at all."""

    def clean(self):
        data = super().clean()
        if not any(value not in (None, "", False) for name, value in data.items() if name != "based_on"):
            raise ValidationError(
                _("Fill in what is known. What is not known yet can be left empty."), code="empty"
            )
        return data


class WorkOrganisationForm(ConflictCheckMixin, forms.ModelForm):
    """Saves what is decided: a coordinator or a meeting rhythm not known yet is left empty."""

    UNKNOWNS = [
        ("coordinator_name", "coordinator_unknown"),
        ("steering_rhythm", "steering_rhythm_unknown"),
        ("working_rhythm", "working_rhythm_unknown"),
    ]

    class Meta:
        model = WorkOrganisation
        fields = [
            "coordinator_party",
            "coordinator_name",
            "coordinator_unknown",
            "steering_rhythm",
            "steering_rhythm_unknown",
            "working_rhythm",
            "working_rhythm_unknown",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    steering_parties = forms.ModelMultipleChoiceField(
        label=_("Add to the steering group"),
        help_text=_("Each party's contact person, as its member of the steering group. Untick who is not."),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, parties, steering_candidates=None, **kwargs):
        """`steering_candidates`: the parties whose contact person can be added to the steering group
        from here (a contact is named and the party has no member there yet); none: the field is left out."""
        super().__init__(*args, **kwargs)
        self.fields["coordinator_party"].queryset = parties
        if steering_candidates:
            field = self.fields["steering_parties"]
            field.queryset = steering_candidates
            field.label_from_instance = lambda party: f"{party.contact_name} ({party.organisation.name})"
        else:
            del self.fields["steering_parties"]

    def clean(self):
        return forget_reasons_of_known(super().clean(), self.UNKNOWNS)


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
    """Dates as precise as they are known (a year, a month or a day); ongoing work has no end."""

    # Not model fields of the form: they clean to PartialDates, which the service stores.
    starts_on = PartialDateField(label=_("Start"), required=False)
    ends_on = PartialDateField(label=_("End"), required=False)

    class Meta:
        model = Activity
        fields = ["title", "description", "responsible_party", "ongoing"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"ongoing": _("Ongoing work without an end")}

    field_order = ["title", "description", "responsible_party", "starts_on", "ends_on", "ongoing"]

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_party"].queryset = parties
        if self.instance.pk:
            self.initial["starts_on"] = self.instance.start
            self.initial["ends_on"] = self.instance.end

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if data.get("ongoing") and end:
            self.add_error("ends_on", _("Ongoing work has no end: leave the end empty, or untick ongoing."))
        elif start and end and end.last_day < start.value:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data


class BudgetLineForm(ConflictCheckMixin, forms.ModelForm):
    """A line may have no party (a total for the whole collaboration, not split per party), be
    financed by someone who is not a party, have no year, or recur every year."""

    class Meta:
        model = BudgetLine
        fields = ["purpose", "amount_sek", "per_year", "year", "party", "funder"]
        labels = {"per_year": _("The amount recurs every year")}
        help_texts = {
            "party": _("Leave empty for an amount that is not split per party, such as a programme's total."),
            "year": _("Leave empty for an amount for the whole period. For a yearly amount: the first year."),
        }

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError(_("Give a year between 2000 and 2100."))
        return year

    def clean(self):
        data = super().clean()
        if data.get("party") and data.get("funder"):
            self.add_error("funder", _("Give either a party or someone who is not a party, not both."))
        return data


class FollowUpForm(SomethingKnownMixin, ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["method", "rhythm", "responsible_party"]
        widgets = {"method": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_party"].queryset = parties


class CommunicationPlanForm(SomethingKnownMixin, ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = CommunicationPlan
        fields = ["residents", "public", "spokesperson"]
        widgets = {
            "residents": forms.Textarea(attrs={"rows": 3}),
            "public": forms.Textarea(attrs={"rows": 3}),
        }


class AgreementTermsForm(SomethingKnownMixin, ConflictCheckMixin, forms.ModelForm):
    """Every term is saved as far as it is known; a period in words may stand instead of dates."""

    starts_on = PartialDateField(label=_("The collaboration starts"), required=False)
    ends_on = PartialDateField(label=_("The collaboration ends"), required=False)

    class Meta:
        model = AgreementTerms
        fields = [
            "period",
            "review",
            "termination",
            "changes",
            "disputes",
            "assignment",
            "personal_data",
            "processor_agreement",
        ]
        widgets = {
            "review": forms.Textarea(attrs={"rows": 2}),
            "termination": forms.Textarea(attrs={"rows": 2}),
            "changes": forms.Textarea(attrs={"rows": 2}),
            "disputes": forms.Textarea(attrs={"rows": 2}),
            "assignment": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "starts_on",
        "ends_on",
        "period",
        "review",
        "termination",
        "changes",
        "disputes",
        "assignment",
        "personal_data",
        "processor_agreement",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["starts_on"] = self.instance.start
            self.initial["ends_on"] = self.instance.end

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end.last_day <= start.value:
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
    values = forms.CharField(
        label=_("The values the partnership rests on"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The shared values (värdegrund) that the parties' municipal IOP rules ask for."),
    )
    own_initiative = forms.CharField(
        label=_("How the activity is the non-profit organisation's own initiative"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The initiative and the activity are the organisation's own: not a purchase by the public "
            "parties, and not competing with companies on a market."
        ),
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


class SignatoryForm(ConflictCheckMixin, forms.ModelForm):
    """Who signs for one party: a decision in words when the authority is a decision."""

    class Meta:
        model = Signatory
        fields = ["name", "title", "authority", "decision"]
        widgets = {"authority": forms.RadioSelect, "decision": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = SignatoryAuthority.choices  # no empty "choose" among the radios

    def clean(self):
        data = super().clean()
        if data.get("authority") == SignatoryAuthority.DECISION and not data.get("decision", "").strip():
            self.add_error("decision", _("Write which decision authorises them."))
        return data
