"""People are shown by name (and title): an address only where the address is the point, and never
twice for a person without a name yet."""

import re

import pytest
from django.urls import reverse

from agreements.drafting import build_agreement
from checklist.rules import checklist_status
from collaborations.confirmations import answers
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import PartyRole, PartyState
from collaborations.services import create_collaboration
from tests.collaborations.confirmation_setup import link_in, send
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    RepresentationFactory,
    UserFactory,
)

INVITED = "karin@kommun.test"


@pytest.fixture
def kommun(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration)
    return PartyFactory(
        collaboration=collaboration,
        organisation__name="Åsby kommun",
        state=PartyState.INVITED,
        contact_name="Karin Berg",
        contact_email=INVITED,
    )


def _invitation_page(collaboration, sender, mailoutbox, client):
    send(collaboration, sender)
    mail = mailoutbox[-1]
    return mail, client.get(link_in(mail), follow=True)


def test_the_contact_line_shows_name_title_and_address(collaboration, kommun, alice, mailoutbox, client):
    alice.title = "Trygghetssamordnare"
    alice.save()

    mail, page = _invitation_page(collaboration, alice, mailoutbox, client)

    line = f"{alice.display_name}, Trygghetssamordnare"
    assert f'kontakt: {line}, <a href="mailto:{alice.email}">{alice.email}</a>' in page.text
    assert f"kontakta {line}, {alice.email}." in mail.body
    assert f"Inbjudan skickas av {line}." in mail.body


def test_a_sender_without_a_name_is_shown_by_the_address_once(
    collaboration, kommun, lead_org, mailoutbox, client
):
    nameless = UserFactory(first_name="", last_name="", email="samordnare@asbyhem.test")
    MembershipFactory(organisation=lead_org, user=nameless)

    mail, page = _invitation_page(collaboration, nameless, mailoutbox, client)

    contact = re.search(r"kontakt: .*?</p>", page.text).group(0)
    assert contact.count("samordnare@asbyhem.test") == 2  # the link's text and its mailto: once
    assert "samordnare@asbyhem.test, <a" not in page.text
    questions = next(line for line in mail.body.splitlines() if line.startswith("Frågor?"))
    assert questions.count("samordnare@asbyhem.test") == 1


def test_a_creator_without_a_name_leaves_the_representative_a_gap(lead_org):
    nameless = UserFactory(first_name="", last_name="")
    MembershipFactory(organisation=lead_org, user=nameless)

    collaboration = create_collaboration(
        title="T", area_name="A", municipality="M", lead_organisation=lead_org, created_by=nameless
    )

    lead = collaboration.parties.get(role=PartyRole.LEAD)
    assert lead.contact_name == ""
    assert lead.contact_email == nameless.email
    agreement = build_agreement(collaboration, checklist=checklist_status(collaboration))
    assert f"{lead_org.name} har ingen namngiven företrädare." in [g.what for g in agreement.gaps]
    assert all(nameless.email not in p.representative for p in agreement.parties)


def test_an_answer_names_the_person_with_the_title(collaboration, kommun, alice):
    karin = UserFactory(first_name="Karin", last_name="Berg", title="Trygghetssamordnare")
    RepresentationFactory(party=kommun, user=karin)
    request = send(collaboration, alice)
    recipient = request.recipients.get(party=kommun)

    answers.submit_answer(
        subject=PROBLEM, recipient=recipient, answered_by=karin, seen_version=1, answer="agree"
    )

    recipient.refresh_from_db()
    assert recipient.respondent() == "Karin Berg, Trygghetssamordnare"
    agreement = build_agreement(collaboration, checklist=checklist_status(collaboration))
    assert agreement.confirmations[0].answered_by == "Karin Berg, Trygghetssamordnare"


def test_the_member_list_shows_the_address_once_for_a_member_without_a_name(lead_org, olivia):
    nameless = UserFactory(first_name="", last_name="", email="utan.namn@asbyhem.test")
    MembershipFactory(organisation=lead_org, user=nameless)

    response = client_for(olivia).get(reverse("organisation_detail", args=[lead_org.pk]))

    row = re.search(r"<tr>(?:(?!</tr>).)*utan\.namn@asbyhem\.test(?:(?!</tr>).)*</tr>", response.text, re.S)
    assert "inget namn angivet ännu" in row.group(0)
    visible = re.sub(r'<span class="visually-hidden">.*?</span>', "", row.group(0))
    assert visible.count("utan.namn@asbyhem.test") == 1
