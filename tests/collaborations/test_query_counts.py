"""Every page uses the same number of queries whatever the amount of data behind it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaborations.models import JointDecision, PartyRole
from samverkan.events import record_event
from tests.factories import (
    CollaborationFactory,
    MandateFactory,
    MembershipFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    ResidentInvolvementFactory,
    SubGoalFactory,
)


def _more_collaborations(collaboration, alice, n):
    for _ in range(n):
        other = CollaborationFactory(lead_organisation=collaboration.lead_organisation)
        PartyFactory(collaboration=other)
        # also collaborations where alice's organisation is a party, not the lead
        PartyFactory(organisation=collaboration.lead_organisation)


def _more_parties(collaboration, alice, n):
    for _ in range(n):
        party = PartyFactory(collaboration=collaboration)
        MandateFactory(party=party)
        record_event(collaboration=collaboration, kind="party_added", actor=alice, detail="x")


def _more_joint_decisions(collaboration, alice, n):
    """Parties whose mandates refer to joint decisions (each decision shared by two parties)."""
    for _ in range(n):
        decision = JointDecision.objects.create(
            collaboration=collaboration, decided_by="Styrgruppen", scope="Löfte"
        )
        for party in PartyFactory.create_batch(2, collaboration=collaboration):
            MandateFactory(party=party, joint_decision=decision, decided_by="", scope="")


def _more_involvements(collaboration, alice, n):
    ResidentInvolvementFactory.create_batch(n, collaboration=collaboration)


def _more_versions(collaboration, alice, n):
    start = collaboration.problem_versions.count() + 1
    for version in range(start, start + n):
        ProblemDescriptionFactory(collaboration=collaboration, version=version, sent_at=timezone.now())


def _more_sub_goals(collaboration, alice, n):
    SubGoalFactory.create_batch(n, collaboration=collaboration)


def _more_members(collaboration, alice, n):
    MembershipFactory.create_batch(n, organisation=collaboration.lead_organisation)
    for _ in range(n):
        MembershipFactory(user=alice)


def _lead_party(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD).pk


PAGES = [
    ("dashboard", lambda c: [], _more_collaborations),
    ("collaboration_detail", lambda c: [c.pk], _more_parties),
    ("party_list", lambda c: [c.pk], _more_parties),
    ("party_add", lambda c: [c.pk], _more_parties),
    ("party_edit", lambda c: [c.pk, _lead_party(c)], _more_parties),
    ("involvement_list", lambda c: [c.pk], _more_involvements),
    ("problem_detail", lambda c: [c.pk], _more_versions),
    ("problem_edit", lambda c: [c.pk], _more_versions),
    ("problem_version", lambda c: [c.pk, 1], _more_versions),
    ("goal_detail", lambda c: [c.pk], _more_sub_goals),
    ("mandate_list", lambda c: [c.pk], _more_parties),
    ("mandate_list", lambda c: [c.pk], _more_joint_decisions),
    ("mandate_edit", lambda c: [c.pk, _lead_party(c)], _more_joint_decisions),
    ("mandate_edit", lambda c: [c.pk, _lead_party(c)], _more_parties),
    ("model_choice", lambda c: [c.pk], _more_parties),
    ("organisation_list", lambda c: [], _more_members),
    ("organisation_detail", lambda c: [c.lead_organisation_id], _more_members),
]


def _count(client, url):
    # What is kept under the change stamp is not, here: the factories grow the data without touching
    # the collaboration, and the real queries are what is counted.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "Organisation"} if "parter/ny" in url else {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "args", "grow"), PAGES, ids=[f"{p[0]}-{p[2].__name__}" for p in PAGES])
def test_query_count_does_not_grow_with_data(name, args, grow, collaboration, alice, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration, version=1)
    grow(collaboration, alice, 2)
    url = reverse(name, args=args(collaboration))
    small = _count(alice_client, url)
    grow(collaboration, alice, 28)
    large = _count(alice_client, url)
    assert small == large, f"{name}: {small} queries with little data, {large} with more"


def test_collaboration_is_fetched_by_its_key_with_the_requests_memberships(collaboration, alice_client):
    """A collaboration's page reads the user's memberships once (the top bar and the permission share
    them) and the collaboration by its primary key: no union of everything the user may see, and for
    staff of its lead no question whether they represent a party."""
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(reverse("collaboration_detail", args=[collaboration.pk]))
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "UNION" in s]
    assert not [s for s in sql if "collaborations_representation" in s]
    # By its key alone (PostgreSQL logs its prepared statement as "QUERY = ... - PARAMS = ..."); the
    # lead organisation comes with the user's membership of it.
    by_key = 'FROM "collaborations_collaboration" WHERE "collaborations_collaboration"."id" = '
    [fetch] = [s for s in sql if by_key in s]
    assert "JOIN" not in fetch
    assert collaboration.lead_organisation.name in response.content.decode()
    assert len([s for s in sql if s.startswith('SELECT "collaborations_membership"')]) == 1
