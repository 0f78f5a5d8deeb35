"""Step 8 in one form: every active party's role and contribution on one page, so that staff fill in
the step with one save instead of an "Ändra" and a save per party (issue 16). Each party has its own
ContributionForm (prefixed by the party, with its own lost-update fingerprint); what is saved goes
through services.save_contribution, one party at a time, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from checklist import services, suggestions
from checklist.facts import active_parties, related
from checklist.forms import ContributionForm
from checklist.rows_page import back_after_saving, rows_page
from checklist.rules import status_for_request
from collaborations.permissions import get_collaboration_for_user
from samverkan.forms import fingerprint


def roles_edit_all(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    back_url = services.step_url_for_key(collaboration, "roles")
    # Each party's commitment in the parties' query; the form of collaboration from the kept facts.
    parties = list(active_parties(collaboration).select_related("commitment"))
    stored = {party.pk: _stored(party) for party in parties}
    shown = _with_suggestions(status_for_request(request, collaboration).facts.model_choice, parties, stored)
    forms = [_form(party, stored[party.pk], request.POST or None, shown=shown[party.pk]) for party in parties]
    if request.method == "POST":
        changed = {party.pk for party, form in zip(parties, forms, strict=True) if _changed(form)}
        to_save = [(party, form) for party, form in zip(parties, forms, strict=True) if party.pk in changed]
        valid = [form.is_valid() for _party, form in to_save]  # every form, so that all errors show
        if all(valid):
            with transaction.atomic():
                for party, form in to_save:
                    services.save_contribution(party=party, saved_by=request.user, **form.cleaned_data)
            return back_after_saving(request, back_url, saved_message=_saved_message(len(to_save)))
        # The parties left as they were show what is stored now, not a conflict they did not cause.
        forms = [
            form if party.pk in changed else _form(party, stored[party.pk], shown=shown[party.pk])
            for party, form in zip(parties, forms, strict=True)
        ]
    return rows_page(
        request,
        collaboration,
        forms=forms,
        title=_("Every party's role and contribution"),
        intro=_(
            "Fill in what is known for each party and save once. A party you leave as it is is not saved "
            "again."
        ),
        back_url=back_url,
    )


def _stored(party):
    commitment = related(party, "commitment")
    return {
        "responsibilities": commitment.responsibilities if commitment else "",
        "staff_hours": party.staff_hours,
        "money_sek": party.money_sek,
        "premises": party.premises,
        "other_contribution": party.other_contribution,
    }


def _with_suggestions(choice, parties, stored):
    """What each party's fields start from: what is stored, and — once a form of collaboration is
    chosen — the form's usual role for a party whose role is not described yet (suggestions.role). The
    fingerprint stays that of what is stored, so saving the suggestion saves it. `choice`: the
    collaboration's ModelChoice, or None."""
    shown = {}
    for party in parties:
        values = stored[party.pk]
        if choice is not None and not values["responsibilities"]:
            suggested = suggestions.role(model=choice.model, party=party)
            if suggested:
                values = {**values, "responsibilities": suggested, "suggested": True}
        shown[party.pk] = values
    return shown


def _form(party, stored, data=None, *, shown=None):
    shown = shown or stored
    initial = {name: value for name, value in shown.items() if name != "suggested"}
    form = ContributionForm(data, initial=initial, current=stored, prefix=f"party-{party.pk}")
    form.legend = party.organisation.name
    if shown.get("suggested"):
        form.suggestion_note = _(
            "The role is a suggestion: what a party of this kind usually does in the form of collaboration "
            "you chose. Read it and change what does not fit; it is saved only when you save."
        )
    return form


def _changed(form) -> bool:
    """Whether the person changed this party's fields from what the page showed them (the fingerprint
    it carries), so that a party they left alone is neither saved again nor refused because someone
    else saved it meanwhile. Without a fingerprint (a script), compared with what is stored."""
    shown = form.data.get(form.add_prefix("based_on"))
    if shown is None:
        return any(name != "based_on" for name in form.changed_data)
    try:
        posted = {
            name: field.to_python(form[name].data)
            for name, field in form.fields.items()
            if name != "based_on"
        }
    except ValidationError:
        return True
    # Browsers send a textarea's line breaks as CRLF, whatever the text was stored with.
    unix = {
        name: value.replace("\r\n", "\n") if isinstance(value, str) else value
        for name, value in posted.items()
    }
    return shown not in (fingerprint(posted), fingerprint(unix))


def _saved_message(count):
    if count == 0:
        return ""
    return ngettext(
        "The role and contribution of %(count)s party are saved.",
        "The roles and contributions of %(count)s parties are saved.",
        count,
    ) % {"count": count}
