"""The forms of EST's reporting and rhythm (checklist/est_models.py). Every field may be left empty."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from checklist.est_models import EstArrangement, EstCategory, EstReporter
from samverkan.forms import ConflictCheckMixin

NEVER_PERSONS = _(
    "Reports describe places, times and kinds of events, never persons: no names, no descriptions of "
    "people and nothing else that can identify someone."
)


class _KnownOrNot(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Not known yet")), ("true", _("Yes")), ("false", _("No"))]


class EstArrangementForm(ConflictCheckMixin, forms.ModelForm):
    class Meta:
        model = EstArrangement
        fields = [
            "police_area",
            "police_area_unknown",
            "likely_causes",
            "weekly_day",
            "weekly_time",
            "weekly_form",
            "weekly_lead_party",
            "weekly_lead_person",
            "weekly_unknown",
            "analysis_cadence",
            "analysis_by",
            "yearly_follow_up",
            "documentation",
            "has_citizen_promise",
            "citizen_promise_url",
        ]
        widgets = {
            "likely_causes": forms.Textarea(attrs={"rows": 3}),
            "weekly_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "yearly_follow_up": forms.Textarea(attrs={"rows": 2}),
            "documentation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "police_area": _("For example: lokalpolisområde Åsby."),
            "likely_causes": _("What the parties think lies behind the problems in focus."),
            "weekly_form": _("For example: a digital meeting of 30 minutes."),
            "analysis_by": _("For example: the municipality's safety coordinator together with the police."),
            "yearly_follow_up": _("For example: in January, by the steering group."),
            "documentation": _(
                "For example: the weekly situation picture is kept in a shared log of places and events; "
                "the analyses and the follow-up are written reports."
            ),
            "citizen_promise_url": _("Optional: where the citizen promise is published."),
        }

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekly_lead_party"].queryset = parties
        self.fields["has_citizen_promise"] = forms.NullBooleanField(
            label=self.fields["has_citizen_promise"].label,
            required=False,
            widget=_KnownOrNot(),
        )

    def clean(self):
        data = super().clean()
        if data.get("citizen_promise_url") and data.get("has_citizen_promise") is False:
            self.add_error(
                "citizen_promise_url", _("A link to the citizen promise is given, but there is none.")
            )
        return data


class EstReporterForm(ConflictCheckMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("What they report on"),
        choices=EstCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=NEVER_PERSONS,
    )

    class Meta:
        model = EstReporter
        fields = ["party", "person", "channel", "categories", "other_category"]
        help_texts = {
            "person": _("A role is enough, for example: the area caretakers."),
            "other_category": _("Other kinds of places or events, never persons."),
        }

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        self.fields["party"].error_messages["required"] = _("Choose the party the reporter reports for.")

    def clean_categories(self):
        categories = self.cleaned_data.get("categories") or []
        if len(set(categories)) != len(categories):
            raise ValidationError(_("Tick each category once."))
        return categories
