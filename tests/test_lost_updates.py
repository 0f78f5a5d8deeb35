"""No lost updates: two people edit the same thing; the second save shows both versions and saves
nothing until it is made again on purpose."""

import re

import pytest
from django.urls import reverse

from checklist.est_models import EstArrangement, EstReporter
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    ChooserAnswers,
    CommunicationPlan,
    FollowUp,
    LegalReview,
    PartyCommitment,
    WorkOrganisation,
)
from collaborations.models import Goal, Mandate, ModelChoice, PartyRole, ProblemDescription
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    BudgetLineFactory,
    ChooserAnswersFactory,
    GoalFactory,
    ModelChoiceFactory,
    ProblemDescriptionFactory,
    ResidentInvolvementFactory,
    SubGoalFactory,
)

CONFLICT = "Någon annan har sparat ändringar medan du redigerade."


def hidden(response, name, *, form=0):
    """The value of the hidden field `name` in the page's `form`-th form that has one."""
    values = re.findall(rf'name="{name}" value="([^"]*)"', response.text)
    assert len(values) > form, f"the form has no {name} field"
    return values[form]


def lead(c):
    return c.parties.get(role=PartyRole.LEAD)


LEAD_PARTY = "<the lead party's id>"  # in a payload: filled in by `filled`


def filled(values, c):
    return {name: lead(c).pk if value == LEAD_PARTY else value for name, value in values.items()}


TERMS = {
    "starts_on": "2027-01-01",
    "ends_on": "2029-12-31",
    "review": "Årligen",
    "termination": "Sex månader",
    "changes": "Skriftligt",
    "disputes": "Styrgruppen",
}


def _cases():
    """name, url builder, setup, payload (with the text that differs), how to read what is stored."""
    return [
        (
            "collaboration",
            lambda c: reverse("collaboration_edit", args=[c.pk]),
            lambda c: None,
            lambda text: {"title": text, "area_name": "Norrbacka", "municipality": "Åsby"},
            lambda c: type(c).objects.get(pk=c.pk).title,
        ),
        (
            "party",
            lambda c: reverse("party_edit", args=[c.pk, c.parties.get(role=PartyRole.LEAD).pk]),
            lambda c: None,
            lambda text: {"role": "lead", "state": "joined", "contact_name": text},
            lambda c: c.parties.get(role=PartyRole.LEAD).contact_name,
        ),
        (
            "involvement",
            lambda c: reverse("involvement_edit", args=[c.pk, c.resident_involvements.get().pk]),
            lambda c: ResidentInvolvementFactory(collaboration=c),
            lambda text: {"method": "survey", "held_on": "2026-09-01", "participants": "5", "learned": text},
            lambda c: c.resident_involvements.get().learned,
        ),
        (
            "sub-goal",
            lambda c: reverse("sub_goal_edit", args=[c.pk, c.sub_goals.get().pk]),
            lambda c: SubGoalFactory(collaboration=c),
            lambda text: {"indicator": text, "baseline": "1", "target": "2", "target_date": "2028-01-01"},
            lambda c: c.sub_goals.get().indicator,
        ),
        (
            "goal",
            lambda c: reverse("goal_detail", args=[c.pk]),
            lambda c: GoalFactory(collaboration=c, overall="Början"),
            lambda text: {"overall": text},
            lambda c: Goal.objects.get(collaboration=c).overall,
        ),
        (
            "terms created by two people at once",
            lambda c: reverse("terms_edit", args=[c.pk]),
            lambda c: None,
            lambda text: {**TERMS, "disputes": text},
            lambda c: AgreementTerms.objects.get(collaboration=c).disputes,
        ),
        (
            "mandate",
            lambda c: reverse("mandate_edit", args=[c.pk, lead(c).pk]),
            lambda c: None,
            lambda text: {"decided_by": text, "decided_on": "2025-03-01", "scope": "Trygghetsarbete."},
            lambda c: Mandate.objects.get(party=lead(c)).decided_by,
        ),
        (
            "role and contribution",
            lambda c: reverse("contribution_edit", args=[c.pk, lead(c).pk]),
            lambda c: None,
            lambda text: {"responsibilities": text, "staff_hours": "200"},
            lambda c: PartyCommitment.objects.get(party=lead(c)).responsibilities,
        ),
        (
            "organisation of the work",
            lambda c: reverse("work_organisation_edit", args=[c.pk]),
            lambda c: None,
            lambda text: {
                "coordinator_name": text,
                "steering_rhythm": "quarterly",
                "working_rhythm": "monthly",
            },
            lambda c: WorkOrganisation.objects.get(collaboration=c).coordinator_name,
        ),
        (
            "legal review",
            lambda c: reverse("legal_review_edit", args=[c.pk, "state_aid"]),
            lambda c: None,
            lambda text: {"status": "in_progress", "assessment": text},
            lambda c: LegalReview.objects.get(collaboration=c).assessment,
        ),
        (
            "activity",
            lambda c: reverse("activity_edit", args=[c.pk, Activity.objects.get(collaboration=c).pk]),
            lambda c: ActivityFactory(collaboration=c, title="Början", responsible_party=lead(c)),
            lambda text: {
                "title": text,
                "responsible_party": LEAD_PARTY,
                "starts_on": "2027-01-10",
                "ends_on": "2027-06-10",
            },
            lambda c: Activity.objects.get(collaboration=c).title,
        ),
        (
            "budget line",
            lambda c: reverse("budget_line_edit", args=[c.pk, BudgetLine.objects.get(collaboration=c).pk]),
            lambda c: BudgetLineFactory(collaboration=c, party=lead(c), purpose="Början"),
            lambda text: {"party": LEAD_PARTY, "year": "2027", "amount_sek": "5000", "purpose": text},
            lambda c: BudgetLine.objects.get(collaboration=c).purpose,
        ),
        (
            "follow-up",
            lambda c: reverse("follow_up_edit", args=[c.pk, c.sub_goals.get().pk]),
            lambda c: SubGoalFactory(collaboration=c),
            lambda text: {"method": text, "rhythm": "yearly"},
            lambda c: FollowUp.objects.get(sub_goal__collaboration=c).method,
        ),
        (
            "communication plan",
            lambda c: reverse("communication_edit", args=[c.pk]),
            lambda c: None,
            lambda text: {"residents": text, "public": "Webbplatsen."},
            lambda c: CommunicationPlan.objects.get(collaboration=c).residents,
        ),
        (
            "model details",
            lambda c: reverse("model_details", args=[c.pk]),
            lambda c: ModelChoiceFactory(collaboration=c, model="other"),
            lambda text: {"description": text},
            lambda c: ModelChoice.objects.get(collaboration=c).details["description"],
        ),
        (
            "EST rhythm",
            lambda c: reverse("est_edit", args=[c.pk]),
            lambda c: ModelChoiceFactory(collaboration=c, model="est"),
            lambda text: {"documentation": text},
            lambda c: EstArrangement.objects.get(collaboration=c).documentation,
        ),
        (
            "EST reporter",
            lambda c: reverse("est_reporter_edit", args=[c.pk, EstReporter.objects.get(collaboration=c).pk]),
            lambda c: EstReporter.objects.create(
                collaboration=ModelChoiceFactory(collaboration=c, model="est").collaboration, party=lead(c)
            ),
            lambda text: {"party": LEAD_PARTY, "person": text},
            lambda c: EstReporter.objects.get(collaboration=c).person,
        ),
    ]


@pytest.mark.parametrize(
    ("name", "url", "setup", "payload", "stored"), _cases(), ids=[c[0] for c in _cases()]
)
def test_second_save_over_a_newer_version_shows_conflict(
    name, url, setup, payload, stored, collaboration, alice, olivia
):
    setup(collaboration)
    first, second = client_for(alice), client_for(olivia)
    first_page, second_page = first.get(url(collaboration)), second.get(url(collaboration))

    alices, olivias = (
        filled(payload("Alice text"), collaboration),
        filled(payload("Olivia text"), collaboration),
    )

    saved = first.post(url(collaboration), {**alices, "based_on": hidden(first_page, "based_on")})
    assert saved.status_code == 302
    clash = second.post(url(collaboration), {**olivias, "based_on": hidden(second_page, "based_on")})

    assert clash.status_code == 200
    assert CONFLICT in clash.text
    assert "Alice text" in clash.text and "Olivia text" in clash.text
    assert stored(collaboration) == "Alice text"

    # Saving again from the conflict page is a deliberate choice and goes through.
    again = second.post(url(collaboration), {**olivias, "based_on": hidden(clash, "based_on")})
    assert again.status_code == 302
    assert stored(collaboration) == "Olivia text"


def test_problem_description_conflict_shows_both_texts(collaboration, alice, olivia):
    ProblemDescriptionFactory(collaboration=collaboration, version=1, text="Början")
    url = reverse("problem_edit", args=[collaboration.pk])
    first, second = client_for(alice), client_for(olivia)
    first.get(url), second.get(url)
    data = {"based_on_version": "1", "focus_areas": ["safety"], "evidence": ""}
    assert first.post(url, {**data, "text": "Alice text"}).status_code == 302
    collaboration.problem_versions.update(sent_at="2026-11-01T10:00:00Z")
    second.post(url, {**data, "based_on_version": "1", "text": "Mellanversion"})  # becomes version 2
    clash = first.post(url, {**data, "based_on_version": "1", "text": "Alice igen"})
    assert clash.status_code == 200
    assert "Mellanversion" in clash.text and "Alice igen" in clash.text
    assert list(ProblemDescription.objects.order_by("version").values_list("text", flat=True)) == [
        "Alice text",
        "Mellanversion",
    ]
    assert hidden(clash, "based_on_version") == "2"


CHOOSER = {"money_flow": "own_resources", "situation_picture": "yes", "boundary": "no"}


@pytest.mark.parametrize("answered_before", [False, True], ids=["first answers", "answers changed"])
def test_second_save_of_the_chooser_answers_shows_conflict(collaboration, alice, olivia, answered_before):
    if answered_before:
        ChooserAnswersFactory(collaboration=collaboration, answers={**CHOOSER, "aims": ["work"]})
    url = reverse("model_choice", args=[collaboration.pk])
    first, second = client_for(alice), client_for(olivia)
    first_page, second_page = first.get(url), second.get(url)

    saved = first.post(
        url, {**CHOOSER, "aims": ["safety_public_places"], "based_on": hidden(first_page, "based_on")}
    )
    assert saved.status_code == 302
    clash = second.post(
        url, {**CHOOSER, "aims": ["children_youth"], "based_on": hidden(second_page, "based_on")}
    )

    assert clash.status_code == 200
    assert CONFLICT in clash.text
    assert ChooserAnswers.objects.get(collaboration=collaboration).answers["aims"] == ["safety_public_places"]

    again = second.post(url, {**CHOOSER, "aims": ["children_youth"], "based_on": hidden(clash, "based_on")})
    assert again.status_code == 302
    assert ChooserAnswers.objects.get(collaboration=collaboration).answers["aims"] == ["children_youth"]


@pytest.mark.parametrize("chosen_before", [False, True], ids=["first choice", "choice changed"])
def test_second_choice_of_the_model_shows_conflict(collaboration, alice, olivia, chosen_before):
    if chosen_before:
        ModelChoiceFactory(collaboration=collaboration, model="other", rationale="Början")
    page_url = reverse("model_choice", args=[collaboration.pk])
    url = reverse("model_choose", args=[collaboration.pk])
    first, second = client_for(alice), client_for(olivia)
    # The page's second form is the choice (the first is the chooser's questions).
    first_seen = hidden(first.get(page_url), "based_on", form=1)
    second_seen = hidden(second.get(page_url), "based_on", form=1)
    payload = {"model": "other", "acknowledge_unmet": "on"}

    saved = first.post(url, {**payload, "rationale": "Alice text", "based_on": first_seen})
    assert saved.status_code == 302
    clash = second.post(url, {**payload, "rationale": "Olivia text", "based_on": second_seen})

    assert clash.status_code == 200
    assert CONFLICT in clash.text
    assert "Alice text" in clash.text and "Olivia text" in clash.text
    assert ModelChoice.objects.get(collaboration=collaboration).rationale == "Alice text"

    again = second.post(
        url, {**payload, "rationale": "Olivia text", "based_on": hidden(clash, "based_on", form=1)}
    )
    assert again.status_code == 302
    assert ModelChoice.objects.get(collaboration=collaboration).rationale == "Olivia text"


PRECISION_CASES = [
    (
        "activity start",
        lambda c: ActivityFactory(
            collaboration=c, title="Början", responsible_party=lead(c), starts_on="2027-01-01"
        ),
        lambda c: reverse("activity_edit", args=[c.pk, Activity.objects.get(collaboration=c).pk]),
        lambda c, start: {"title": "Läxhjälp", "responsible_party": lead(c).pk, "starts_on": start},
        lambda c: Activity.objects.get(collaboration=c).starts_on_precision,
    ),
    (
        "sub-goal target date",
        lambda c: SubGoalFactory(collaboration=c, target_date="2027-01-01"),
        lambda c: reverse("sub_goal_edit", args=[c.pk, c.sub_goals.get().pk]),
        lambda c, date: {"indicator": "Otrygghet", "baseline": "1", "target": "2", "target_date": date},
        lambda c: c.sub_goals.get().target_date_precision,
    ),
]


@pytest.mark.parametrize(
    ("name", "setup", "url", "payload", "precision"), PRECISION_CASES, ids=[c[0] for c in PRECISION_CASES]
)
def test_a_date_made_more_precise_meanwhile_is_a_conflict(
    name, setup, url, payload, precision, collaboration, alice, olivia
):
    """ "2027" and "2027-01" begin on the same day: the second save, based on "2027", must not silently
    put back the year over the month someone else has just given."""
    setup(collaboration)
    first, second = client_for(alice), client_for(olivia)
    assert first.post(url(collaboration), payload(collaboration, "2027")).status_code == 302
    first_page, second_page = first.get(url(collaboration)), second.get(url(collaboration))

    based_on = hidden(first_page, "based_on")
    saved = first.post(url(collaboration), {**payload(collaboration, "2027-01"), "based_on": based_on})
    assert saved.status_code == 302
    assert precision(collaboration) == "month"

    based_on = hidden(second_page, "based_on")
    clash = second.post(url(collaboration), {**payload(collaboration, "2027"), "based_on": based_on})
    assert clash.status_code == 200
    assert CONFLICT in clash.text
    assert "januari 2027" in clash.text
    assert precision(collaboration) == "month"
