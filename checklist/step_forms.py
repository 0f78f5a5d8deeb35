"""The form each step is filled in with, where it has one: "Spara och gå till nästa steg" opens the next
step's form straight away instead of its page, so staff move from form to form (issue 16). A step that
is only partly done opens its page instead when its form adds one more row or starts it over (the page
shows what is there and what is left)."""

from django.urls import reverse

from checklist.facts import StepState

# step key: (the form's URL name, whether it is the way in only while the step is not started)
FILL_IN_FORMS = {
    "roles": ("roles_edit_all", False),
    "organisation": ("work_organisation_edit", True),
    "activities": ("activity_create", True),
    "budget": ("budget_line_create", True),
    "communication": ("communication_edit", False),
    "terms": ("terms_edit", True),
}


def fill_in_url(collaboration, step_status) -> str | None:
    """The URL of the form that fills in `step_status`'s step now, or None (then its page)."""
    entry = FILL_IN_FORMS.get(step_status.step.key)
    if entry is None:
        return None
    url_name, only_when_not_started = entry
    if only_when_not_started and step_status.state != StepState.NOT_STARTED:
        return None
    return reverse(url_name, args=[collaboration.pk])
