"""No lost updates: two people edit the same thing; the second save shows both versions and saves
nothing until it is made again on purpose."""

import re

import pytest
from django.urls import reverse

from checklist.models import AgreementTerms
from collaborations.models import Goal, ModelChoice, PartyRole, ProblemDescription
from tests.conftest import client_for
from tests.factories import ProblemDescriptionFactory, ResidentInvolvementFactory, SubGoalFactory

CONFLICT = "Någon annan har sparat ändringar medan du redigerade."


def hidden(response, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', response.text)
    assert match, f"the form has no {name} field"
    return match.group(1)


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
            lambda c: Goal.objects.create(collaboration=c, overall="Början"),
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
            "model details",
            lambda c: reverse("model_details", args=[c.pk]),
            lambda c: ModelChoice.objects.create(collaboration=c, model="other", rationale="R"),
            lambda text: {"description": text},
            lambda c: ModelChoice.objects.get(collaboration=c).details["description"],
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

    saved = first.post(
        url(collaboration), {**payload("Alice text"), "based_on": hidden(first_page, "based_on")}
    )
    assert saved.status_code == 302
    clash = second.post(
        url(collaboration), {**payload("Olivia text"), "based_on": hidden(second_page, "based_on")}
    )

    assert clash.status_code == 200
    assert CONFLICT in clash.text
    assert "Alice text" in clash.text and "Olivia text" in clash.text
    assert stored(collaboration) == "Alice text"

    # Saving again from the conflict page is a deliberate choice and goes through.
    again = second.post(url(collaboration), {**payload("Olivia text"), "based_on": hidden(clash, "based_on")})
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
