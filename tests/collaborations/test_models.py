import pytest
from django.db import IntegrityError

from collaborations.models import Collaboration, Event, EventKind, OrganisationKind, PartyState, Sector
from tests.factories import (
    CollaborationFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
)


@pytest.mark.parametrize(
    ("kind", "sector"),
    [
        (OrganisationKind.MUNICIPALITY, Sector.PUBLIC),
        (OrganisationKind.POLICE, Sector.PUBLIC),
        (OrganisationKind.HOUSING_COMPANY, Sector.PUBLIC),
        (OrganisationKind.NONPROFIT, Sector.NONPROFIT),
        (OrganisationKind.PROPERTY_OWNER, Sector.PRIVATE),
        (OrganisationKind.BUSINESS, Sector.PRIVATE),
    ],
)
def test_sector_follows_from_kind(db, kind, sector):
    assert OrganisationFactory(kind=kind).sector == sector


def test_every_kind_has_a_sector():
    from collaborations.models import SECTOR_BY_KIND

    assert set(SECTOR_BY_KIND) == set(OrganisationKind)


def test_visible_to_lead_staff_and_active_parties_only(collaboration, alice, bob, charlie, dave):
    assert list(Collaboration.objects.visible_to(alice)) == [collaboration]
    assert list(Collaboration.objects.visible_to(bob)) == [collaboration]
    assert list(Collaboration.objects.visible_to(charlie)) == []
    assert collaboration not in Collaboration.objects.visible_to(dave)


@pytest.mark.parametrize("state", [PartyState.PROPOSED, PartyState.DECLINED])
def test_proposed_or_declined_party_does_not_see_collaboration(collaboration, state):
    party = PartyFactory(collaboration=collaboration, state=state)
    member = MembershipFactory(organisation=party.organisation).user
    assert not Collaboration.objects.visible_to(member).exists()


def test_visible_to_does_not_duplicate_when_user_has_several_roles(collaboration, alice):
    party = PartyFactory(collaboration=collaboration)
    MembershipFactory(user=alice, organisation=party.organisation)
    assert Collaboration.objects.visible_to(alice).count() == 1


def test_organisation_number_is_unique(db):
    OrganisationFactory(org_number="556677-0011")
    with pytest.raises(IntegrityError):
        OrganisationFactory(org_number="556677-0011")


def test_database_rejects_badly_formatted_org_number(db):
    with pytest.raises(IntegrityError):
        OrganisationFactory(org_number="5566770011")


def test_only_one_lead_party_per_collaboration(collaboration):
    from collaborations.models import PartyRole

    with pytest.raises(IntegrityError):
        PartyFactory(collaboration=collaboration, role=PartyRole.LEAD)


def test_event_log_refuses_update_and_delete(collaboration):
    event = EventFactory(collaboration=collaboration, kind=EventKind.CREATED)
    event.detail = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.detail == ""


def test_closed_status_requires_closed_at(db):
    with pytest.raises(IntegrityError):
        CollaborationFactory(status="closed", closed_at=None)
