"""A user downloads what the service holds about them as JSON, from their account page."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaborations.confirmations import answers, links, queries
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import ConfirmationAnswer, EventKind, Invitation
from tests.collaborations.confirmation_setup import link_in, mail_to, send
from tests.conftest import client_for
from tests.factories import CollaborationFactory, MembershipFactory, PartyFactory


@pytest.fixture
def answered(collaboration, partner_party, alice, bob, mailoutbox):
    """bob was invited by e-mail, accepted and asked for changes with a comment."""
    partner_party.contact_email = bob.email
    partner_party.save()
    send(collaboration, alice)
    client = client_for(bob)
    client.get(link_in(mail_to(mailoutbox, bob.email)[0]))
    client.post(reverse("invitation_current"), {"follow": "1"})
    recipient = queries.current_recipient(partner_party, subject=PROBLEM)
    answers.submit_answer(
        subject=PROBLEM,
        recipient=recipient,
        answered_by=bob,
        seen_version=1,
        answer=ConfirmationAnswer.CHANGES,
        comment="Nämn skolvägen.",
    )
    return recipient


def _download(user):
    response = client_for(user).get(reverse("account_data_download"))
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_download_is_a_json_attachment(bob):
    response, _data = _download(bob)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="samverkan-mina-uppgifter-')
    assert "no-store" in response["Cache-Control"]


def test_download_holds_profile_memberships_answers_invitations_and_events(answered, bob):
    _response, data = _download(bob)

    assert data["profile"]["email"] == "bob@example.test"
    assert data["profile"]["email_addresses"] == [
        {"email": "bob@example.test", "verified": True, "primary": True}
    ]
    assert data["memberships"] == []
    assert [(r["collaboration"], r["party"], r["ended"]) for r in data["representations"]] == [
        ("Trygg Norrbacka", "Åsby kommun", None)
    ]
    assert [(a["answer"], a["comment"], a["problem_description_version"]) for a in data["answers"]] == [
        ("changes", "Nämn skolvägen.", 1)
    ]
    assert [(i["email"], i["state"]) for i in data["invitations_to_you"]] == [("bob@example.test", "used")]
    assert {e["event"] for e in data["events_you_caused"]} >= {
        EventKind.INVITATION_ACCEPTED,
        EventKind.ANSWER_GIVEN,
    }


def test_download_holds_nobody_elses_data(answered, alice, charlie):
    _response, data = _download(charlie)

    assert data["answers"] == []
    assert data["invitations_to_you"] == []
    assert data["events_you_caused"] == []
    assert "bob@example.test" not in json.dumps(data)


def test_account_page_links_to_the_download_and_the_deletion(alice):
    response = client_for(alice).get(reverse("account_overview"))

    assert response.status_code == 200
    assert reverse("account_data_download") in response.text
    assert reverse("account_delete") in response.text
    assert reverse("mfa_index") in response.text


def test_top_bar_leads_to_the_account_page(alice):
    response = client_for(alice).get(reverse("dashboard"))

    assert f'href="{reverse("account_overview")}"' in response.text


def _more_of_everything(bob, n):
    """n more memberships, collaborations where bob was invited, answered and acted."""
    for _ in range(n):
        party = PartyFactory(contact_email=bob.email, collaboration=CollaborationFactory())
        MembershipFactory(user=bob, organisation=party.organisation)
        lead = MembershipFactory(organisation=party.collaboration.lead_organisation).user
        send(party.collaboration, lead)
        invitation = Invitation.objects.filter(recipient__party=party).get()
        links.accept_invitation(invitation=invitation, user=bob)
        answers.submit_answer(
            subject=PROBLEM,
            recipient=queries.current_recipient(party, subject=PROBLEM),
            answered_by=bob,
            seen_version=1,
            answer=ConfirmationAnswer.AGREE,
        )


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        _download(user)
    return len(queries)


def test_download_uses_as_many_queries_with_much_data_as_with_little(answered, bob, mailoutbox):
    little = _queries(bob)
    _more_of_everything(bob, 3)

    assert _queries(bob) == little
    assert len(_download(bob)[1]["answers"]) == 4
