"""The form each step is filled in with, where it has one: "Spara och gå till nästa steg" opens the next
step's form straight away instead of its page, so staff move from form to form (issue 16). A step not
started opens the form that starts it; a step partly done opens the form that finishes it, or its page
when no one form does (the page shows what is there and what is left). The form just saved never opens
again: then the step's page says what is left."""

from django.urls import reverse

from checklist.facts import StepState

# step key: (the form while the step is not started, the form once it is started or None)
FILL_IN_FORMS = {
    "roles": ("roles_edit_all", "roles_edit_all"),
    "organisation": ("work_organisation_edit", None),
    "legal": ("legal_reviews_edit", "legal_reviews_edit"),
    "activities": ("activity_create", None),
    "budget": ("budget_line_create", None),
    "follow_up": ("follow_ups_edit", "follow_ups_edit"),
    "communication": ("communication_edit", "communication_edit"),
    # The terms first; once they are saved, what is usually left is who signs for each party.
    "terms": ("terms_edit", "signatories_edit"),
}


def fill_in_url(collaboration, step_status) -> str | None:
    """The URL of the form that fills in `step_status`'s step now, or None (then its page)."""
    entry = FILL_IN_FORMS.get(step_status.step.key)
    if entry is None:
        return None
    url_name = entry[0] if step_status.state == StepState.NOT_STARTED else entry[1]
    return reverse(url_name, args=[collaboration.pk]) if url_name else None
