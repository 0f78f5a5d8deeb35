"""The checklist pages use the same number of queries with little and with much step data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import (
    GroupKind,
    LegalReview,
)
from tests.factories import (
    ActivityFactory,
    BudgetLineFactory,
    FollowUpFactory,
    GroupMemberFactory,
    ModelChoiceFactory,
    PartyCommitmentFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    ResidentInvolvementFactory,
)


def grow(collaboration, n):
    """n more rows of every kind of step data."""
    for _ in range(n):
        party = PartyFactory(collaboration=collaboration, staff_hours=10)
        PartyCommitmentFactory(party=party)
        GroupMemberFactory(collaboration=collaboration, group=GroupKind.STEERING, party=party)
        ActivityFactory(collaboration=collaboration, responsible_party=party)
        BudgetLineFactory(collaboration=collaboration, party=party)
        FollowUpFactory(sub_goal__collaboration=collaboration, responsible_party=party)
        ResidentInvolvementFactory(collaboration=collaboration)
    LegalReview.objects.get_or_create(collaboration=collaboration, topic="state_aid")


PAGES = [("step_detail", (n,)) for n in range(8, 16)] + [("model_choice", ()), ("model_details", ())]
PAGES += [("bid_detail", ())]


@pytest.mark.parametrize(("name", "extra"), PAGES, ids=[f"{p[0]}{p[1]}" for p in PAGES])
def test_query_count_does_not_grow(name, extra, collaboration, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)
    ModelChoiceFactory(collaboration=collaboration, model="bid")
    url = reverse(name, args=[collaboration.pk, *extra])
    grow(collaboration, 2)
    cache.clear()  # the factories do not touch the collaboration: count the real queries, not kept ones
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(url).status_code == 200
    grow(collaboration, 25)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert alice_client.get(url).status_code == 200
    assert len(small) == len(large), f"{name}{extra}: {len(small)} queries, then {len(large)}"
