"""`Collaboration.objects.visible_to` is a union of indexed lookups (issue 17). It must show exactly the
rows the earlier `lead IN (my organisations) OR pk IN (represented)` did, for every persona."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from collaborations.models import Collaboration, Membership, PartyRole, PartyState, Representation
from collaborations.models.collaboration import KeyAmong, visible_count_expression
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    PartyFactory,
    RepresentationFactory,
    UserFactory,
)


def visible_before(user):
    """The rule as it was written before the union: the reference the new query must match."""
    my_orgs = Membership.objects.filter(user=user).values("organisation_id")
    represented = Representation.objects.active().filter(user=user).values("party__collaboration_id")
    return Collaboration.objects.filter(Q(lead_organisation_id__in=my_orgs) | Q(pk__in=represented))


@pytest.fixture
def cast(collaboration, lead_org, alice, olivia, bob, dave, rita, sam, charlie):
    """The shared personas, and the edge cases of access: a representative of a proposed, a declined and
    an observer party, an ended representation, staff who also represent a partner elsewhere, and a
    member of two lead organisations."""
    users = [alice, olivia, bob, dave, rita, sam, charlie]
    for state in (PartyState.PROPOSED, PartyState.DECLINED, PartyState.JOINED):
        users.append(RepresentationFactory(party__collaboration=collaboration, party__state=state).user)
    users.append(
        RepresentationFactory(party__collaboration=collaboration, party__role=PartyRole.OBSERVER).user
    )
    users.append(RepresentationFactory(party__collaboration=collaboration, ended_at=timezone.now()).user)
    elsewhere = CollaborationFactory(title="Annat område")
    RepresentationFactory(party=PartyFactory(collaboration=elsewhere), user=alice)
    both = UserFactory()
    MembershipFactory(user=both, organisation=lead_org)
    MembershipFactory(user=both, organisation=elsewhere.lead_organisation)
    users.append(both)
    CollaborationFactory(lead_organisation=lead_org, title="Tredje")
    return users


def test_union_shows_the_same_rows_as_before_for_every_persona(cast):
    for user in cast:
        expected = sorted(visible_before(user).values_list("pk", flat=True))
        assert sorted(Collaboration.objects.visible_to(user).values_list("pk", flat=True)) == expected, user
        assert Collaboration.objects.visible_to(user).count() == len(expected), user


def test_union_works_with_the_dashboards_search_and_paging(cast, alice):
    found = Collaboration.objects.visible_to(alice).search("tredje").order_by("-updated_at", "-pk")
    assert [c.title for c in found[:20]] == ["Tredje"]


def test_anonymous_sees_nothing(db):
    assert not Collaboration.objects.visible_to(AnonymousUser()).exists()


def test_query_is_one_union_of_indexed_lookups(alice):
    """No `OR` across the lead and the representations, which PostgreSQL can only answer by a full scan."""
    sql = str(Collaboration.objects.visible_to(alice).query)
    assert " UNION " in sql
    assert " OR " not in sql


def test_the_dashboards_window_and_count_match_the_rule_for_every_persona(cast, collaboration, alice):
    # alice's organisation leads `collaboration`, and she represents a partner in it too: counted once.
    RepresentationFactory(party=PartyFactory(collaboration=collaboration), user=alice)
    for user in cast:
        organisation_ids = list(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
        expected = list(visible_before(user).order_by("-updated_at", "-pk").values_list("pk", flat=True))
        count = Collaboration.objects.visible_count(user, organisation_ids=organisation_ids)
        assert count == len(expected), user
        for end in (1, 2, 3, 20):
            latest = Collaboration.objects.latest_visible(user, organisation_ids=organisation_ids, end=end)
            window = latest.order_by("-updated_at", "-pk")[:end]
            assert [c.pk for c in window] == expected[:end], (user, end)


def test_the_dashboards_window_and_count_are_one_query_each(
    cast, collaboration, alice, django_assert_num_queries
):
    RepresentationFactory(party=PartyFactory(collaboration=CollaborationFactory()), user=alice)
    organisation_ids = [collaboration.lead_organisation_id]
    expected = visible_before(alice).count()
    with django_assert_num_queries(1):
        assert Collaboration.objects.visible_count(alice, organisation_ids=organisation_ids) == expected
    with django_assert_num_queries(1):
        list(Collaboration.objects.latest_visible(alice, organisation_ids=organisation_ids, end=20))


def test_the_dashboards_search_finds_the_same_rows_as_the_rule_for_every_persona(cast, collaboration, alice):
    RepresentationFactory(party=PartyFactory(collaboration=CollaborationFactory(title="Tredje")), user=alice)
    for user in cast:
        organisation_ids = list(
            Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
        for text in ("tredje", "annat", "område", "ingenting"):
            expected = sorted(visible_before(user).search(text).values_list("pk", flat=True))
            found = Collaboration.objects.search_visible(user, organisation_ids=organisation_ids, text=text)
            assert sorted(found.values_list("pk", flat=True)) == expected, (user, text)


def test_the_dashboards_search_is_inside_each_side_of_the_union_only(alice, lead_org):
    """Searched around the union as well, PostgreSQL read every collaboration in the database that matched
    (all organisations') to join them with the user's: 2,200 rows at 100,000 for a common word."""
    found = Collaboration.objects.search_visible(alice, organisation_ids=[lead_org.pk], text="tredje")
    sql = str(found.query)
    assert " UNION " in sql
    assert sql.count(" LIKE ") == 2, sql  # the led side and the represented side
    [condition] = found.query.where.children  # around the union: the key only
    assert isinstance(condition, KeyAmong), sql
    around = sql[: sql.index("SELECT", sql.index("WHERE"))]
    assert " LIKE " not in around, sql


def test_the_searchs_matches_are_fetched_by_key_whatever_the_estimate(alice, lead_org):
    """On PostgreSQL the union's keys are an array (always fetched by key); an IN would be planned by the
    estimate of its rows, which a new ANALYZE could turn into reading the whole table."""
    found = Collaboration.objects.search_visible(alice, organisation_ids=[lead_org.pk], text="tredje")
    sql, _params = found.query.sql_with_params()
    where = sql[sql.index("WHERE") :]
    if connection.vendor == "postgresql":
        assert where.startswith('WHERE "collaborations_collaboration"."id" = ANY(ARRAY((SELECT'), sql
    else:
        assert where.startswith('WHERE "collaborations_collaboration"."id" IN (SELECT'), sql


def test_the_led_count_counts_rows_not_keys(alice, lead_org):
    """COUNT(*) can be answered from the lead's own index (narrow, deduplicated); COUNT(id) needs an
    index that holds the id, the wider one of the dashboard's order: 95 pages against 13 for 10,000."""
    expression = visible_count_expression(user_id=alice.pk, organisation_ids=[lead_org.pk])
    sql = str(Collaboration.objects.filter(pk=0).annotate(n=expression).values("n").query)
    led, represented = sql.split(" + ", 1)
    assert led.startswith('SELECT (COALESCE((SELECT COUNT(*) AS "n" FROM "collaborations_collaboration"'), sql
    assert "COUNT(DISTINCT" in represented, sql
