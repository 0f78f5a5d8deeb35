from django.urls import reverse

from collaborations.models import EventKind, Invitation, Organisation, PartyRole, PartyState
from tests.collaborations.confirmation_setup import link_in, send
from tests.conftest import client_for
from tests.factories import OrganisationFactory, UserFactory

# The short add-party form: the organisation (chosen or new), the role and the contact person.
PARTY_FIELDS = {
    "role": PartyRole.PARTNER,
    "contact_name": "Karin Berg",
    "contact_email": "karin@example.test",
    "contact_phone": "",
}
# The party's own page asks for its state and its contribution too.
EDIT_FIELDS = {
    **PARTY_FIELDS,
    "state": PartyState.PROPOSED,
    "staff_hours": "400",
    "money_sek": "150000",
    "premises": "",
    "other_contribution": "",
}


def _add_url(collaboration):
    return reverse("party_add", args=[collaboration.pk])


def test_party_list_shows_parties_with_state(collaboration, partner_party, alice_client):
    response = alice_client.get(reverse("party_list", args=[collaboration.pk]))
    assert response.status_code == 200
    assert partner_party.organisation.name in response.text
    assert "Inbjuden" in response.text


def test_search_finds_existing_organisation_not_yet_a_party(collaboration, alice_client):
    OrganisationFactory(name="Åsby kommun")
    response = alice_client.get(_add_url(collaboration), {"q": "åsby"})
    assert response.status_code == 200
    assert "Åsby kommun" in [org.name for org in response.context["matches"]]


def test_add_existing_organisation(collaboration, alice_client):
    org = OrganisationFactory(name="Polisen")
    response = alice_client.post(_add_url(collaboration), {"organisation": org.pk, **PARTY_FIELDS})
    assert response.status_code == 302
    party = collaboration.parties.get(organisation=org)
    assert (party.contact_name, party.contact_email, party.state) == (
        "Karin Berg",
        "karin@example.test",
        PartyState.PROPOSED,
    )


def test_adding_a_party_asks_only_organisation_role_and_contact(collaboration, alice_client):
    form = alice_client.get(_add_url(collaboration)).context["form"]
    asked = [name for name, field in form.fields.items() if not field.widget.is_hidden]
    assert asked == [
        "role",
        "contact_name",
        "contact_email",
        "contact_phone",
        "new_name",
        "new_org_number",
        "new_kind",
    ]


def test_a_contribution_posted_to_the_add_form_is_not_saved_there(collaboration, alice_client):
    org = OrganisationFactory(name="Polisen")
    alice_client.post(
        _add_url(collaboration), {"organisation": org.pk, **PARTY_FIELDS, "money_sek": "150000"}
    )
    assert collaboration.parties.get(organisation=org).money_sek is None


def test_add_new_organisation_inline(collaboration, alice_client):
    response = alice_client.post(
        _add_url(collaboration),
        {
            "new_name": "Åsby kommun",
            "new_org_number": "2120008889",
            "new_kind": "municipality",
            **PARTY_FIELDS,
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Åsby kommun")
    assert organisation.org_number == "212000-8889"
    assert collaboration.parties.filter(organisation=organisation).exists()


def test_org_number_in_full_width_digits_is_stored_in_ascii(collaboration, alice_client):
    response = alice_client.post(
        _add_url(collaboration),
        {
            "new_name": "Åsby kommun",
            "new_org_number": "２１２０００-８８８９",
            "new_kind": "municipality",
            **PARTY_FIELDS,
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Åsby kommun")
    assert organisation.org_number == "212000-8889"
    assert collaboration.parties.filter(organisation=organisation).exists()


def test_mistyped_org_number_gives_swedish_error_and_saves_nothing(collaboration, alice_client):
    response = alice_client.post(
        _add_url(collaboration),
        {
            "new_name": "Åsby kommun",
            "new_org_number": "212000-8880",
            "new_kind": "municipality",
            **PARTY_FIELDS,
        },
    )
    assert response.status_code == 200
    assert "Organisationsnumret är ogiltigt (kontrollsiffran stämmer inte)." in response.text
    assert not Organisation.objects.filter(name="Åsby kommun").exists()
    assert collaboration.parties.count() == 1


def test_negative_money_is_refused(collaboration, partner_party, alice_client):
    response = alice_client.post(
        reverse("party_edit", args=[collaboration.pk, partner_party.pk]), {**EDIT_FIELDS, "money_sek": "-5"}
    )
    assert response.status_code == 200
    assert "större än eller lika med 0" in response.text
    partner_party.refresh_from_db()
    assert partner_party.money_sek is None


def test_neither_existing_nor_new_organisation_is_refused(collaboration, alice_client):
    response = alice_client.post(_add_url(collaboration), PARTY_FIELDS)
    assert response.status_code == 200
    assert "Välj en befintlig organisation eller fyll i uppgifterna för en ny." in response.text


def test_existing_org_number_typed_as_new_is_refused(collaboration, alice_client):
    OrganisationFactory(org_number="212000-8889")
    response = alice_client.post(
        _add_url(collaboration),
        {"new_name": "Dubblett", "new_org_number": "212000-8889", "new_kind": "municipality", **PARTY_FIELDS},
    )
    assert response.status_code == 200
    assert "Sök fram den i stället" in response.text
    assert collaboration.parties.count() == 1


def test_partner_gets_403_on_add(collaboration, bob):
    org = OrganisationFactory()
    response = client_for(bob).post(_add_url(collaboration), {"organisation": org.pk, **PARTY_FIELDS})
    assert response.status_code == 403
    assert not collaboration.parties.filter(organisation=org).exists()


def test_change_party_state(collaboration, partner_party, alice_client):
    response = alice_client.post(
        reverse("party_edit", args=[collaboration.pk, partner_party.pk]),
        {**EDIT_FIELDS, "state": PartyState.JOINED},
    )
    assert response.status_code == 302
    partner_party.refresh_from_db()
    assert partner_party.state == PartyState.JOINED


def test_edit_party_with_bad_email_saves_nothing(collaboration, partner_party, alice_client):
    response = alice_client.post(
        reverse("party_edit", args=[collaboration.pk, partner_party.pk]),
        {**EDIT_FIELDS, "contact_email": "inte-en-adress", "state": PartyState.JOINED},
    )
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in response.text
    partner_party.refresh_from_db()
    assert partner_party.state == PartyState.INVITED


def test_cannot_make_partner_the_lead(collaboration, partner_party, alice_client):
    response = alice_client.post(
        reverse("party_edit", args=[collaboration.pk, partner_party.pk]),
        {**EDIT_FIELDS, "role": PartyRole.LEAD},
    )
    assert response.status_code == 200
    partner_party.refresh_from_db()
    assert partner_party.role == PartyRole.PARTNER


def test_party_of_another_collaboration_is_404(collaboration, alice_client):
    from tests.factories import PartyFactory

    foreign = PartyFactory()
    response = alice_client.get(reverse("party_edit", args=[collaboration.pk, foreign.pk]))
    assert response.status_code == 404


def test_odd_organisation_choice_is_ignored(collaboration, alice_client):
    assert alice_client.get(_add_url(collaboration), {"organisation": "²"}).status_code == 200
    response = alice_client.post(_add_url(collaboration), {"organisation": "²", **PARTY_FIELDS})
    assert response.status_code == 200
    assert collaboration.parties.count() == 1


def test_search_with_nul_byte_finds_nothing_and_does_not_fail(collaboration, alice_client):
    assert alice_client.get(_add_url(collaboration), {"q": "a\x00b"}).status_code == 200
    assert alice_client.get(reverse("dashboard"), {"q": "a\x00b"}).status_code == 200


# --- Open invitation links follow the party ----------------------------------------------------


def _invited(collaboration, partner_party, alice, mailoutbox):
    """The partner, with contact karin@example.test, invited to confirm; returns the link's path."""
    partner_party.contact_email = PARTY_FIELDS["contact_email"]
    partner_party.save()
    send(collaboration, alice)
    assert Invitation.objects.filter(recipient__party=partner_party).count() == 1
    return link_in(mailoutbox[-1])


def _edit(alice_client, collaboration, partner_party, **changes):
    response = alice_client.post(
        reverse("party_edit", args=[collaboration.pk, partner_party.pk]),
        {**EDIT_FIELDS, "state": PartyState.INVITED, **changes},
    )
    assert response.status_code == 302


def test_declining_a_party_revokes_its_open_links(
    collaboration, partner_party, alice, alice_client, mailoutbox
):
    link = _invited(collaboration, partner_party, alice, mailoutbox)

    _edit(alice_client, collaboration, partner_party, state=PartyState.DECLINED)

    response = client_for(UserFactory(email="karin@example.test")).get(link, follow=True)
    assert response.status_code == 410
    assert "Inbjudan har återkallats" in response.text
    assert collaboration.events.filter(
        kind=EventKind.INVITATION_REVOKED, detail__contains="karin@example.test"
    ).exists()


def test_a_new_contact_address_revokes_the_links_to_the_old_one(
    collaboration, partner_party, alice, alice_client, mailoutbox
):
    link = _invited(collaboration, partner_party, alice, mailoutbox)

    _edit(alice_client, collaboration, partner_party, contact_email="ny@example.test")

    assert client_for(UserFactory(email="karin@example.test")).get(link, follow=True).status_code == 410


def test_other_changes_leave_the_link_working(collaboration, partner_party, alice, alice_client, mailoutbox):
    link = _invited(collaboration, partner_party, alice, mailoutbox)

    _edit(
        alice_client,
        collaboration,
        partner_party,
        contact_name="Karin B.",
        contact_email="KARIN@example.test",
    )

    response = client_for(UserFactory(email="karin@example.test")).get(link, follow=True)
    assert response.status_code == 200
    assert not collaboration.events.filter(kind=EventKind.INVITATION_REVOKED).exists()
