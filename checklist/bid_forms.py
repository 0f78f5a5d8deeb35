"""The forms of a BID's page: the association, its fee categories and the member register."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from checklist.bid_models import BidAssociation, BidMember, FeeCategory, FeeKind
from collaborations.validators import normalise_org_number
from samverkan.forms import ConflictCheckMixin
from samverkan.unknowns import PartialDateField, UnknownReason

LARGEST_AMOUNT = 2_147_483_647  # PostgreSQL's integer, as in checklist/forms.py


def _limit(field):
    """No negative amount, and none larger than the database holds: the form's message, never a 500."""
    field.validators += [MinValueValidator(0), MaxValueValidator(LARGEST_AMOUNT)]


class BidAssociationForm(ConflictCheckMixin, forms.ModelForm):
    statutes_adopted = PartialDateField(label=_("Statutes adopted"), required=False)
    field_order = ["name", "org_number", "org_number_unknown", "statutes_adopted"]

    class Meta:
        model = BidAssociation
        fields = [
            "name",
            "org_number",
            "org_number_unknown",
            "seat",
            "purpose",
            "annual_meeting",
            "board",
            "membership_fee_sek",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "annual_meeting": forms.Textarea(attrs={"rows": 2}),
            "board": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "org_number": _("NNNNNN-NNNN. Leave it empty if the association has none, and say why below."),
            "annual_meeting": _("When it is held and what it decides, as the statutes say."),
            "board": _("Names and roles, one a line."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_number_unknown"].choices = [("", _("No reason given"))] + list(UnknownReason.choices)
        _limit(self.fields["membership_fee_sek"])
        if self.instance.pk:
            self.initial["statutes_adopted"] = self.instance.statutes_adopted

    def clean_org_number(self):
        value = self.cleaned_data["org_number"].strip()
        return normalise_org_number(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("org_number"):
            data["org_number_unknown"] = ""
        return data


class FeeCategoryForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = FeeCategory
        fields = ["name", "kind", "amount_sek"]
        localized_fields = ["amount_sek"]  # "2,50" in Swedish
        help_texts = {
            "name": _("For example: housing companies, housing cooperatives, shops."),
            "amount_sek": _("Left empty for a negotiated fee: its amount is recorded per member."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self.fields["amount_sek"])

    def clean(self):
        data = super().clean()
        kind, amount = data.get("kind"), data.get("amount_sek")
        if kind == FeeKind.NEGOTIATED:
            data["amount_sek"] = None
        elif kind and amount is None and "amount_sek" not in self.errors:
            self.add_error("amount_sek", _("Give the amount of the fee."))
        return data


class BidMemberForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = BidMember
        fields = [
            "property_designation",
            "owner_party",
            "owner_name",
            "category",
            "living_area_m2",
            "commercial_area_m2",
            "negotiated_fee_sek",
            "has_joined",
        ]
        help_texts = {
            "owner_name": _("When the owner is not a party of the collaboration."),
            "living_area_m2": _("Leave it empty if it is not known: the fee is then shown as unknown."),
            "negotiated_fee_sek": _("Only for a category with a negotiated fee."),
        }

    def __init__(self, *args, parties, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].queryset = parties
        self.fields["category"].queryset = categories
        for name in ("living_area_m2", "commercial_area_m2", "negotiated_fee_sek"):
            _limit(self.fields[name])

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if data.get("negotiated_fee_sek") is not None and (
            category is None or category.kind != FeeKind.NEGOTIATED
        ):
            self.add_error(
                "negotiated_fee_sek", _("Only a category with a negotiated fee has an amount per member.")
            )
        data["owner_name"] = (data.get("owner_name") or "").strip()
        if data.get("owner_party") and data["owner_name"]:
            self.add_error(
                "owner_name", _("Give either a party or another organisation as the owner, not both.")
            )
        elif not data.get("owner_party") and not data["owner_name"] and "owner_party" not in self.errors:
            self.add_error(
                "owner_name", _("Give the owner: a party of the collaboration or another organisation.")
            )
        return data
