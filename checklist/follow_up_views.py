"""Step 13 in one form: the follow-up of every sub-goal on one page (one sub-goal at a time is
checklist/views.py's follow_up_edit). A sub-goal without a follow-up starts from the suggestion drawn
from it and the chosen form (suggestions.follow_up); saving the page saves it. A sub-goal whose fields
are left as they are stored is not saved again."""

from django.utils.translation import gettext as _

from checklist import services, suggestions
from checklist.facts import active_parties
from checklist.forms import FollowUpForm
from checklist.models import FollowUp
from checklist.rows_page import back_after_saving, rows_page
from collaborations.models import ModelChoice, PartyRole, SubGoal
from collaborations.permissions import get_collaboration_for_user

FIELDS = ("method", "rhythm", "responsible_party")


def follow_ups_edit(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    sub_goals = list(SubGoal.objects.filter(collaboration=collaboration).order_by("pk"))
    stored = {f.sub_goal_id: f for f in FollowUp.objects.filter(sub_goal__in=sub_goals)}
    parties = active_parties(collaboration)
    # Each form's list of parties, read once for the page rather than once per sub-goal.
    party_choices = [("", "---------"), *((party.pk, str(party)) for party in parties)]
    choice = ModelChoice.objects.filter(collaboration=collaboration).first()
    lead = collaboration.parties.filter(role=PartyRole.LEAD).first() if choice else None
    data = request.POST if request.method == "POST" else None
    forms = []
    for sub_goal in sub_goals:
        instance = stored.get(sub_goal.pk)
        suggested = (
            suggestions.follow_up(model=choice.model, sub_goal=sub_goal, lead_party=lead)
            if choice is not None and instance is None
            else {}
        )
        form = FollowUpForm(
            data, instance=instance, initial=suggested, parties=parties, prefix=f"sub-goal-{sub_goal.pk}"
        )
        form.fields["responsible_party"].widget.choices = party_choices
        form.legend, form.sub_goal, form.suggested = sub_goal.indicator, sub_goal, bool(suggested)
        forms.append(form)
    back_url = services.step_url_for_key(collaboration, "follow_up")
    if data is not None:
        to_save = [form for form in forms if _differs_from_stored(form, stored.get(form.sub_goal.pk))]
        if all(form.is_valid() for form in to_save):
            services.save_follow_ups(
                saved_by=request.user, follow_ups=[(form.sub_goal, form.cleaned_data) for form in to_save]
            )
            return back_after_saving(
                request, back_url, saved_message=_("The follow-up is saved.") if to_save else ""
            )
    intro = _(
        "A sub-goal without a follow-up starts from a suggestion drawn from it and the form of collaboration "
        "you chose. Read it and change what does not fit; it is saved only when you save."
    )
    return rows_page(
        request,
        collaboration,
        forms=forms,
        title=_("Follow-up of every sub-goal"),
        intro=intro if choice else "",
        back_url=back_url,
    )


def _differs_from_stored(form, stored) -> bool:
    """Whether what is posted for this sub-goal differs from what is stored (nothing stored: whether
    anything is posted at all)."""
    posted = {name: (form.data.get(form.add_prefix(name)) or "").strip() for name in FIELDS}
    if stored is None:
        return any(posted.values())
    current = {
        "method": stored.method.strip(),
        "rhythm": stored.rhythm,
        "responsible_party": str(stored.responsible_party_id or ""),
    }
    return {**posted, "method": posted["method"].replace("\r\n", "\n")} != current
