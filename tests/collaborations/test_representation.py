"""Representation is not membership: accepting a party's invitation link makes a person the
representative of that party in that collaboration, and nothing more (collaborations/models.py
Representation, links.accept_invitation)."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from collaborations.confirmations import links
from collaborations.models import (
    Invitation,
    Membership,
    PartyRole,
    PartyState,
    Representation,
)
from collaborations.permissions import get_party_for_representative
from tests.collaborations.confirmation_setup import link_in, mail_to, send
from tests.conftest import client_for
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    UserFactory,
)

INVITED = "karin@kommun.test"


def follow_and_accept(client, link):
    """Follow the e-mailed link (it leaves the token's address at once) and accept on the page."""
    landing = client.get(link)
    assert landing.status_code == 302 and landing["Location"] == reverse("invitation_current")
    return client.post(reverse("invitation_current"), {"follow": "1"})


@pytest.fixture
def kommun(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration)
    return PartyFactory(
        collaboration=collaboration,
        organisation__name="Åsby kommun",
        state=PartyState.INVITED,
        contact_email=INVITED,
    )


@pytest.fixture
def karin(db):
    return UserFactory(email=INVITED)


# --- The attack that made this necessary --------------------------------------------------------


@pytest.fixture
def victim(db):
    """Organisation A leads a collaboration of its own, with alice-like staff and a member list."""
    organisation = OrganisationFactory(name="Åsbyhem AB")
    collaboration = CollaborationFactory(lead_organisation=organisation, title="A:s hemliga samverkan")
    MembershipFactory(organisation=organisation, user__email="staff@asbyhem.test")
    return organisation, collaboration


@pytest.fixture
def mallory(db):
    """Staff of organisation B, who leads a collaboration of her own."""
    return MembershipFactory(organisation__name="B AB", user__email="mallory@b.test")


def _mallory_invites_herself_as(victim_org, mallory, mailoutbox):
    own = CollaborationFactory(lead_organisation=mallory.organisation, title="B:s samverkan")
    ProblemDescriptionFactory(collaboration=own)
    client = client_for(mallory.user)
    response = client.post(
        reverse("party_add", args=[own.pk]),
        {
            "organisation": victim_org.pk,
            "role": "partner",
            "state": "proposed",
            "contact_email": "mallory@b.test",
        },
    )
    assert response.status_code == 302, "adding another organisation as a party is allowed"
    send(own, mallory.user)
    return client, own, link_in(mail_to(mailoutbox, "mallory@b.test")[-1])


def test_accepting_a_link_to_another_organisations_party_gives_no_membership(victim, mallory, mailoutbox):
    victim_org, victim_collaboration = victim
    client, own, link = _mallory_invites_herself_as(victim_org, mallory, mailoutbox)

    response = follow_and_accept(client, link)

    assert response.status_code == 302  # accepted: she represents the party A in her own collaboration
    assert not Membership.objects.filter(user=mallory.user, organisation=victim_org).exists()
    assert client.get(reverse("collaboration_detail", args=[victim_collaboration.pk])).status_code == 404
    assert client.get(reverse("organisation_detail", args=[victim_org.pk])).status_code == 404
    dashboard = client.get(reverse("dashboard"))
    assert "A:s hemliga samverkan" not in dashboard.text
    assert "staff@asbyhem.test" not in client.get(reverse("organisation_list")).text


def test_changing_a_partys_contact_to_oneself_gives_no_membership_either(victim, mallory, mailoutbox):
    victim_org, victim_collaboration = victim
    own = CollaborationFactory(lead_organisation=mallory.organisation)
    ProblemDescriptionFactory(collaboration=own)
    party = PartyFactory(collaboration=own, organisation=victim_org, state=PartyState.INVITED)
    client = client_for(mallory.user)
    client.post(
        reverse("party_edit", args=[own.pk, party.pk]),
        {"role": "partner", "state": "invited", "contact_email": "mallory@b.test"},
    )
    send(own, mallory.user)

    follow_and_accept(client, link_in(mail_to(mailoutbox, "mallory@b.test")[-1]))

    assert not Membership.objects.filter(user=mallory.user, organisation=victim_org).exists()
    assert client.get(reverse("collaboration_detail", args=[victim_collaboration.pk])).status_code == 404


def test_organisation_search_when_adding_a_party_shows_no_members_or_collaborations(victim, mallory):
    victim_org, _collaboration = victim
    own = CollaborationFactory(lead_organisation=mallory.organisation)

    page = client_for(mallory.user).get(reverse("party_add", args=[own.pk]), {"q": "Åsbyhem"})

    assert victim_org.name in page.text
    assert "staff@asbyhem.test" not in page.text
    assert "A:s hemliga samverkan" not in page.text


# --- What accepting makes -----------------------------------------------------------------------


def test_accepting_makes_a_representative_of_that_party_only(collaboration, kommun, alice, karin, mailoutbox):
    send(collaboration, alice)
    follow_and_accept(client_for(karin), link_in(mailoutbox[-1]))

    representation = Representation.objects.get(user=karin)
    assert (representation.party, representation.email, representation.ended_at) == (kommun, INVITED, None)
    assert not Membership.objects.filter(user=karin).exists()


def test_a_representative_reads_only_the_collaboration_of_the_party(
    collaboration, kommun, alice, karin, mailoutbox
):
    other = CollaborationFactory(lead_organisation=collaboration.lead_organisation)
    PartyFactory(collaboration=other, organisation=kommun.organisation, state=PartyState.JOINED)
    send(collaboration, alice)
    client = client_for(karin)
    follow_and_accept(client, link_in(mailoutbox[-1]))

    assert client.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 200
    assert client.get(reverse("collaboration_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("organisation_detail", args=[kommun.organisation_id])).status_code == 404


def test_members_of_a_partys_organisation_see_nothing_without_representing_it(collaboration, kommun):
    member = MembershipFactory(organisation=kommun.organisation).user

    client = client_for(member)

    assert client.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 404
    answer = reverse("confirmation_answer", args=[collaboration.pk, kommun.pk])
    assert client.get(answer).status_code == 404


# --- Only a verified address counts -------------------------------------------------------------


def test_an_unverified_address_cannot_accept(collaboration, kommun, alice, mailoutbox):
    mallory = UserFactory(email="mallory@b.test")
    EmailAddress.objects.create(user=mallory, email=INVITED, verified=False, primary=False)
    send(collaboration, alice)
    client = client_for(mallory)
    client.get(link_in(mailoutbox[-1]))

    page = client.post(reverse("invitation_current"), {"follow": "1"})

    assert page.status_code == 200
    assert "har inte verifierats" in page.text
    assert not Representation.objects.exists()
    assert Invitation.objects.get().accepted_at is None
    assert not EmailAddress.objects.get(user=mallory, email=INVITED).verified


def test_an_address_verified_on_another_account_is_refused_without_an_error(
    collaboration, kommun, alice, karin, mailoutbox
):
    mallory = UserFactory(email="mallory@b.test")
    EmailAddress.objects.create(user=mallory, email=INVITED.upper(), verified=False, primary=False)
    send(collaboration, alice)
    client = client_for(mallory)
    client.get(link_in(mailoutbox[-1]))

    page = client.post(reverse("invitation_current"), {"follow": "1"})

    assert page.status_code == 200
    assert not Representation.objects.exists()
    assert EmailAddress.objects.filter(email__iexact=INVITED, verified=True).get().user == karin


def test_the_service_refuses_an_unverified_address(collaboration, kommun, alice, mailoutbox):
    mallory = UserFactory(email="mallory@b.test")
    EmailAddress.objects.create(user=mallory, email=INVITED, verified=False, primary=False)
    send(collaboration, alice)

    with pytest.raises(links.WrongUser):
        links.accept_invitation(invitation=Invitation.objects.get(), user=mallory)


# --- When access ends ---------------------------------------------------------------------------


@pytest.fixture
def karin_represents(collaboration, kommun, alice, karin, mailoutbox):
    send(collaboration, alice)
    client = client_for(karin)
    follow_and_accept(client, link_in(mailoutbox[-1]))
    assert client.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 200
    return client


def _edit_party(alice, kommun, **changes):
    data = {"role": kommun.role, "state": kommun.state, "contact_email": kommun.contact_email, **changes}
    response = client_for(alice).post(reverse("party_edit", args=[kommun.collaboration_id, kommun.pk]), data)
    assert response.status_code == 302


def test_access_ends_when_the_contact_address_changes(karin_represents, collaboration, kommun, alice):
    _edit_party(alice, kommun, contact_email="ny@kommun.test")

    assert karin_represents.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 404
    assert Representation.objects.get().ended_at is not None


def test_access_stays_when_the_contact_address_is_kept(karin_represents, collaboration, kommun, alice):
    kommun.refresh_from_db()
    _edit_party(alice, kommun, contact_email=INVITED.upper(), contact_name="Karin Berg")

    assert karin_represents.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 200


@pytest.mark.parametrize(
    "changes", [{"role": PartyRole.OBSERVER}, {"state": PartyState.DECLINED}], ids=["observer", "declined"]
)
def test_access_ends_when_the_party_stops_taking_part(
    karin_represents, collaboration, kommun, alice, changes
):
    kommun.refresh_from_db()
    _edit_party(alice, kommun, **changes)

    assert karin_represents.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 404


def test_access_ends_when_the_party_is_removed(karin_represents, collaboration, kommun):
    Invitation.objects.all().delete()
    kommun.confirmation_recipients.all().delete()
    kommun.delete()

    assert karin_represents.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 404
    assert not Representation.objects.exists()


def test_the_answer_page_needs_a_representation_that_has_not_ended(karin_represents, rf, kommun, karin):
    Representation.objects.update(ended_at="2026-01-01T00:00:00Z")
    request = rf.get("/")
    request.user = karin
    with pytest.raises(Exception) as raised:
        get_party_for_representative(request, kommun.collaboration_id, kommun.pk)
    assert raised.type.__name__ == "Http404"
