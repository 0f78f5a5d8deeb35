"""The page that edits many rows of a step at once (every party's role, every legal topic, every
sub-goal's follow-up, who signs for each party): one form per row, each in a fieldset named by the
form's `legend`, in checklist/rows_form.html. The views differ in their rows and their saving only."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def rows_page(request, collaboration, *, forms, title, intro, back_url):
    """The page with its forms; a form with `suggested` set shows that its values are a suggestion."""
    return render(
        request,
        "checklist/rows_form.html",
        {
            "collaboration": collaboration,
            "forms": forms,
            "title": title,
            "intro": intro,
            "back_url": back_url,
        },
    )


def back_after_saving(request, back_url, *, saved_message):
    """Say what was saved ("" when nothing was: then that nothing was changed) and go back to the step."""
    messages.success(request, saved_message or _("Nothing was changed."))
    return redirect(back_url)
