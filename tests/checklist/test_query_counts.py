"""The checklist pages use the same number of queries with little and with much step data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import (
    Activity,
    BudgetLine,
    FollowUp,
    GroupKind,
    GroupMember,
    LegalReview,
    PartyCommitment,
)
from collaborations.models import ModelChoice
from tests.factories import (
    PartyFactory,
    ProblemDescriptionFactory,
    ResidentInvolvementFactory,
    SubGoalFactory,
)


def grow(collaboration, n):
    """n more rows of every kind of step data."""
    for i in range(n):
        party = PartyFactory(collaboration=collaboration, staff_hours=10)
        PartyCommitment.objects.create(party=party, responsibilities="Ansvar")
        GroupMember.objects.create(
            collaboration=collaboration, group=GroupKind.STEERING, party=party, person=f"P{i}"
        )
        Activity.objects.create(
            collaboration=collaboration,
            title=f"A{i}",
            responsible_party=party,
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 2, 1),
        )
        BudgetLine.objects.create(
            collaboration=collaboration, party=party, year=2027, amount_sek=i, purpose="X"
        )
        sub_goal = SubGoalFactory(collaboration=collaboration)
        FollowUp.objects.create(sub_goal=sub_goal, method="Enkät", rhythm="yearly", responsible_party=party)
        ResidentInvolvementFactory(collaboration=collaboration)
    LegalReview.objects.get_or_create(collaboration=collaboration, topic="state_aid")


PAGES = [("step_detail", (n,)) for n in range(8, 16)] + [("model_choice", ()), ("model_details", ())]


@pytest.mark.parametrize(("name", "extra"), PAGES, ids=[f"{p[0]}{p[1]}" for p in PAGES])
def test_query_count_does_not_grow(name, extra, collaboration, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)
    ModelChoice.objects.create(collaboration=collaboration, model="bid", rationale="R")
    url = reverse(name, args=[collaboration.pk, *extra])
    grow(collaboration, 2)
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(url).status_code == 200
    grow(collaboration, 25)
    with CaptureQueriesContext(connection) as large:
        assert alice_client.get(url).status_code == 200
    assert len(small) == len(large), f"{name}{extra}: {len(small)} queries, then {len(large)}"
