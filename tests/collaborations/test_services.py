import pytest

from collaborations import services
from collaborations.models import Event, EventKind, Membership, MembershipRole, Party, PartyRole, PartyState
from samverkan.errors import DomainError
from tests.factories import MembershipFactory, OrganisationFactory, party_fields


def _save(collaboration, author, based_on, text="Text"):
    return services.save_problem_description(
        collaboration=collaboration,
        author=author,
        based_on_version=based_on,
        text=text,
        focus_areas=[],
        evidence="",
    )


def test_create_collaboration_adds_lead_party_and_event(lead_org, alice):
    collaboration = services.create_collaboration(
        title="Trygg Berga",
        area_name="Berga",
        municipality="Åsby",
        lead_organisation=lead_org,
        created_by=alice,
    )
    lead = collaboration.parties.get()
    assert (lead.organisation, lead.role, lead.state) == (lead_org, PartyRole.LEAD, PartyState.JOINED)
    assert lead.contact_email == alice.email
    assert list(collaboration.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_editing_a_draft_changes_it_in_place(collaboration, alice):
    _save(collaboration, alice, 0, "Första")
    problem = _save(collaboration, alice, 1, "Andra")
    assert problem.version == 1
    assert list(collaboration.problem_versions.values_list("text", flat=True)) == ["Andra"]


def test_editing_a_sent_version_makes_a_new_version(collaboration, alice):
    first = _save(collaboration, alice, 0, "Första")
    first.publish()
    second = _save(collaboration, alice, 1, "Andra")
    assert second.version == 2
    first.refresh_from_db()
    assert first.text == "Första"
    assert first.is_sent and not second.is_sent


def test_saving_over_a_newer_version_saves_nothing(collaboration, alice):
    _save(collaboration, alice, 0, "Första").publish()
    _save(collaboration, alice, 1, "Andra från någon annan")
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        _save(collaboration, alice, 1, "Min ändring")
    assert list(collaboration.problem_versions.order_by("version").values_list("text", flat=True)) == [
        "Första",
        "Andra från någon annan",
    ]


def test_publishing_twice_is_refused(collaboration, alice):
    problem = _save(collaboration, alice, 0)
    problem.publish()
    with pytest.raises(Exception, match="redan skickad"):
        problem.publish()


def test_add_party_with_new_organisation_creates_both(collaboration, alice):
    party = services.add_party(
        collaboration=collaboration,
        added_by=alice,
        new_organisation={"name": "Åsby kommun", "org_number": "212000-8889", "kind": "municipality"},
        role=PartyRole.PARTNER,
        state=PartyState.PROPOSED,
    )
    assert party.organisation.org_number == "212000-8889"
    assert collaboration.events.filter(kind=EventKind.PARTY_ADDED, detail="Åsby kommun").exists()


def test_add_party_refuses_existing_org_number_and_saves_nothing(collaboration, alice):
    OrganisationFactory(org_number="212000-8889")
    with pytest.raises(DomainError):
        services.add_party(
            collaboration=collaboration,
            added_by=alice,
            new_organisation={"name": "Dubblett", "org_number": "212000-8889", "kind": "municipality"},
        )
    assert collaboration.parties.count() == 1


def test_add_party_refuses_same_organisation_twice(collaboration, alice, partner_party):
    with pytest.raises(DomainError, match="redan part"):
        services.add_party(
            collaboration=collaboration, added_by=alice, organisation=partner_party.organisation
        )
    assert Party.objects.filter(collaboration=collaboration).count() == 2


def test_lead_party_keeps_its_role(collaboration, alice):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    with pytest.raises(DomainError):
        services.update_party(party=lead, edited_by=alice, **party_fields(lead, role=PartyRole.PARTNER))


def test_partner_cannot_become_second_lead(collaboration, alice, partner_party):
    with pytest.raises(DomainError):
        services.update_party(
            party=partner_party, edited_by=alice, **party_fields(partner_party, role=PartyRole.LEAD)
        )


def test_last_admin_cannot_be_removed(olivia, lead_org):
    membership = Membership.objects.get(user=olivia)
    with pytest.raises(DomainError, match="minst en administratör"):
        services.remove_member(membership=membership, removed_by=olivia)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_admin_can_be_removed_when_another_admin_remains(olivia, lead_org):
    MembershipFactory(organisation=lead_org, role=MembershipRole.ADMIN)
    services.remove_member(membership=Membership.objects.get(user=olivia), removed_by=olivia)
    assert not Membership.objects.filter(user=olivia).exists()


def test_changes_move_a_draft_collaboration_to_in_progress(collaboration, alice):
    assert collaboration.status == "draft"
    services.save_goal(collaboration=collaboration, saved_by=alice, overall="Tryggare")
    collaboration.refresh_from_db()
    assert collaboration.status == "in_progress"


def test_close_records_event_and_refuses_twice(collaboration, alice):
    services.close_collaboration(collaboration=collaboration, closed_by=alice)
    assert collaboration.is_closed and collaboration.closed_at
    with pytest.raises(DomainError):
        services.close_collaboration(collaboration=collaboration, closed_by=alice)
    assert Event.objects.filter(collaboration=collaboration, kind=EventKind.CLOSED).count() == 1
