"""Asking the parties to approve the agreement by e-mail: personal links, the landing page, reminders by
hand and automatic, the lead told when every party approves, and a version sent again."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.approval import AGREEMENT
from agreements.models import AgreementVersion
from checklist.models import CommunicationPlan
from checklist.rules import StepState, checklist_status
from collaborations.confirmations import answers, links, queries, reminders, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    ConfirmationRequest,
    Event,
    EventKind,
    Invitation,
    InvitationPurpose,
    MailLanguage,
    Party,
)
from samverkan.errors import DomainError
from tests.agreements.arrange import approve_all, complete, send
from tests.conftest import client_for
from tests.factories import (
    CollaborationFactory,
    InvitationFactory,
    PartyFactory,
    UserFactory,
)

LINK = re.compile(r"http://testserver(/inbjudan/[^/\s]+/)")


@pytest.fixture
def final(collaboration, alice, mailoutbox):
    complete(collaboration, alice)
    mailoutbox.clear()  # the invitations about the problem description
    return collaboration


def party_named(collaboration, name):
    return collaboration.parties.select_related("organisation").get(organisation__name=name)


def later(days):
    return timezone.now() + datetime.timedelta(days=days)


# --- The invitation ----------------------------------------------------------------------------


def test_sending_e_mails_each_joined_partner_a_personal_link_in_swedish(final, alice, mailoutbox):
    request = send(final, alice)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        r.party.contact_email for r in request.recipients.select_related("party")
    )
    message = next(m for m in mailoutbox if m.to == [party_named(final, "Åsby kommun").contact_email])
    assert message.subject == f"Godkänn avtalsutkastet för {final.title}"
    assert "ber Åsby kommun att godkänna avtalsutkastet" in message.body
    assert f"Läs version 1 av avtalsutkastet (versionskod {request.agreement.version_code}" in message.body
    assert "kontrollsumma" not in message.body and request.agreement.content_hash not in message.body
    assert "problembeskrivning" not in message.body
    assert message.reply_to == [alice.email]
    assert LINK.search(message.body)
    assert (
        Event.objects.filter(
            kind=EventKind.INVITATION_SENT, detail__endswith="avtalsutkast version 1"
        ).count()
        == request.recipients.count()
    )


def test_the_language_chosen_for_the_party_is_used(final, alice, mailoutbox):
    club = party_named(final, "Norrbacka IF")
    club.confirmation_recipients.update(language=MailLanguage.ENGLISH)

    send(final, alice)

    message = next(m for m in mailoutbox if m.to == [club.contact_email])
    assert message.subject == f"Approve the draft agreement for {final.title}"
    assert "asks Norrbacka IF to approve the draft agreement" in message.body


def test_a_partner_without_an_address_is_asked_but_not_e_mailed(final, alice, mailoutbox):
    club = party_named(final, "Norrbacka IF")
    club.contact_email = ""
    club.save()

    request = send(final, alice)

    assert request.recipients.filter(party=club).exists()
    assert [m.to for m in mailoutbox] == [[party_named(final, "Åsby kommun").contact_email]]
    page = client_for(alice).get(reverse("agreement_preview", args=[final.pk])).content.decode()
    assert "Ingen e-post: parten saknar kontaktadress och svarar på den här sidan." in page


def test_the_link_leads_to_the_approval_page(final, alice, mailoutbox):
    send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    karin = UserFactory(email=kommun.contact_email)
    path = LINK.search(next(m for m in mailoutbox if m.to == [kommun.contact_email]).body).group(1)
    client = client_for(karin)

    landing = client.get(path, follow=True)
    accepted = client.post(reverse("invitation_current"), {"follow": "1"})
    again = client.get(path, follow=True)

    assert landing.status_code == 200
    assert "Inbjudan att godkänna avtalsutkastet" in landing.content.decode()
    assert "Version 1 av avtalsutkastet" in landing.content.decode()  # the text, before any account
    approve_url = reverse("agreement_approve", args=[final.pk, kommun.pk])
    assert accepted.status_code == 302 and accepted["Location"] == approve_url
    assert again.redirect_chain[-1] == (approve_url, 302)  # used, but karin represents the party now
    page = client.get(approve_url).content.decode()
    assert "Version 1 av avtalsutkastet" in page


def test_a_used_link_tells_an_outsider_to_log_in_to_read_the_agreement(final, alice, mailoutbox):
    send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    path = LINK.search(next(m for m in mailoutbox if m.to == [kommun.contact_email]).body).group(1)
    accepting = client_for(UserFactory(email=kommun.contact_email))
    accepting.get(path)
    accepting.post(reverse("invitation_current"), {"follow": "1"})

    response = client_for(UserFactory()).get(path, follow=True)

    assert response.status_code == 410
    assert "Logga in med ditt konto för att läsa avtalsutkastet och svara." in response.content.decode()


# --- Reminders ---------------------------------------------------------------------------------


def test_staff_remind_a_party_that_has_not_answered(final, alice, mailoutbox):
    send(final, alice)
    mailoutbox.clear()
    kommun = party_named(final, "Åsby kommun")

    response = client_for(alice).post(reverse("agreement_remind", args=[final.pk, kommun.pk]), follow=True)

    assert "En påminnelse är på väg till Åsby kommun." in response.content.decode()
    (message,) = mailoutbox
    assert message.subject == f"Påminnelse: godkänn avtalsutkastet för {final.title}"
    assert "Det här är en påminnelse" in message.body
    assert Invitation.objects.filter(recipient__party=kommun, purpose=InvitationPurpose.REMINDER).count() == 1


def test_a_party_that_answered_is_not_reminded(final, alice, mailoutbox):
    approve_all(send(final, alice))
    mailoutbox.clear()
    kommun = party_named(final, "Åsby kommun")

    response = client_for(alice).post(reverse("agreement_remind", args=[final.pk, kommun.pk]), follow=True)

    assert "Åsby kommun har redan svarat." in response.content.decode()
    assert not Invitation.objects.filter(purpose=InvitationPurpose.REMINDER).exists()
    assert mailoutbox == [] or all("Alla parter" in m.subject for m in mailoutbox)


def test_a_party_not_asked_about_the_agreement_is_not_reminded(final, alice):
    kommun = party_named(final, "Åsby kommun")

    with pytest.raises(DomainError, match="har inte ombetts att godkänna den senaste versionen av avtalet"):
        reminders.remind(subject=AGREEMENT, party=kommun, reminded_by=alice, base_url="http://testserver/")

    assert not Invitation.objects.filter(purpose=InvitationPurpose.REMINDER).exists()


def test_reminding_a_party_of_another_collaboration_is_404(final, alice):
    other = PartyFactory(collaboration=CollaborationFactory())

    response = client_for(alice).post(reverse("agreement_remind", args=[final.pk, other.pk]))

    assert response.status_code == 404
    assert not Invitation.objects.filter(purpose=InvitationPurpose.REMINDER).exists()


def test_the_approval_link_is_reminded_automatically(final, alice, mailoutbox, settings):
    send(final, alice)
    # The problem description was answered by everyone, so only the agreement is due.
    mailoutbox.clear()

    sent = reminders.send_automatic_reminders(now=later(settings.CONFIRMATION_REMINDER_DAYS + 1))

    assert sent == 2
    assert {m.subject for m in mailoutbox} == {f"Påminnelse: godkänn avtalsutkastet för {final.title}"}


def test_no_automatic_reminder_once_the_party_approved(final, alice, mailoutbox, settings):
    approve_all(send(final, alice))
    mailoutbox.clear()

    assert reminders.send_automatic_reminders(now=later(settings.CONFIRMATION_REMINDER_DAYS + 1)) == 0


# --- Every party approves ----------------------------------------------------------------------


def test_the_lead_is_told_when_every_party_approves(final, alice, mailoutbox):
    approve_all(send(final, alice))

    (message,) = [m for m in mailoutbox if alice.email in m.to]
    assert message.subject == f"Alla parter godkänner avtalsutkastet för {final.title}"
    assert "godkänner version 1 av avtalsutkastet" in message.body
    assert "- Åsby kommun: Godkänner (Karin Berg" in message.body
    assert reverse("agreement_preview", args=[final.pk]) in message.body


# --- Sending again -----------------------------------------------------------------------------


def change_public_text(collaboration, text):
    CommunicationPlan.objects.filter(collaboration=collaboration).update(public=text)


def test_a_version_changed_back_to_can_be_sent_again(final, alice):
    original = CommunicationPlan.objects.get(collaboration=final).public
    first = send(final, alice)
    change_public_text(final, "Ny text.")
    second = send(final, alice)
    change_public_text(final, original)

    third = send(final, alice)

    assert (first.agreement.number, second.agreement.number, third.agreement.number) == (1, 2, 1)
    assert ConfirmationRequest.objects.filter(agreement__isnull=False, superseded_at=None).get() == third
    assert AgreementVersion.objects.filter(collaboration=final).count() == 2


def test_the_current_version_is_not_sent_twice(final, alice, mailoutbox):
    send(final, alice)
    mailoutbox.clear()

    with pytest.raises(DomainError, match="Version 1 av avtalet har redan skickats för godkännande"):
        send(final, alice)

    assert mailoutbox == []
    assert ConfirmationRequest.objects.filter(agreement__isnull=False).count() == 1


def test_a_refusal_stores_nothing(collaboration, alice):
    complete(collaboration, alice)
    collaboration.close()

    with pytest.raises(DomainError, match="Samverkan är avslutad"):
        send(collaboration, alice)

    # Refused before the PDF is rendered: no version, no stored file, nothing in the log.
    assert not AgreementVersion.objects.exists()
    assert not Event.objects.filter(kind=EventKind.PDF_GENERATED).exists()


# --- The dashboard -----------------------------------------------------------------------------


def test_the_dashboard_tells_a_partner_that_its_approval_is_needed(final, alice):
    request = send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    karin = kommun.representations.first().user
    url = reverse("agreement_approve", args=[final.pk, kommun.pk])

    before = client_for(karin).get(reverse("dashboard")).content.decode()
    approve_all(request)
    after = client_for(karin).get(reverse("dashboard")).content.decode()

    assert "Ert godkännande av avtalet behövs" in before and url in before
    assert "Ert godkännande av avtalet behövs" not in after


# --- The agreement page with the answers -------------------------------------------------------


def test_preview_with_answers_and_e_mails_needs_a_fixed_number_of_queries(final, alice, alice_client):
    request = send(final, alice)
    url = reverse("agreement_preview", args=[final.pk])
    with CaptureQueriesContext(connection) as few:
        page = alice_client.get(url).content.decode()
    for _ in range(10):
        recipient = request.recipients.create(party=PartyFactory(collaboration=final))
        InvitationFactory(recipient=recipient, created_by=alice)
    with CaptureQueriesContext(connection) as many:
        assert alice_client.get(url).status_code == 200

    assert "Påminn" in page
    assert len(few) == len(many)


def test_the_leads_dashboard_counts_the_parties_that_have_not_answered_about_the_agreement(final, alice):
    request = send(final, alice)
    before = client_for(alice).get(reverse("dashboard")).content.decode()

    approve_all(request)
    after = client_for(alice).get(reverse("dashboard")).content.decode()

    assert "2 parter har inte svarat om avtalet" in before
    assert "har inte svarat om avtalet" not in after
    assert "har inte svarat</p>" not in before  # every party answered the problem description


# --- Found in review: links, parties no longer asked, the latest version -----------------------


def link_to(mailoutbox, party):
    return LINK.search([m for m in mailoutbox if m.to == [party.contact_email]][-1].body).group(1)


def test_links_about_the_problem_and_about_the_agreement_do_not_replace_each_other(final, alice, mailoutbox):
    send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    agreement_link = link_to(mailoutbox, kommun)

    sending.resend_invitation(party=kommun, sent_by=alice, base_url="http://testserver/")

    response = client_for(UserFactory(email=kommun.contact_email)).get(agreement_link, follow=True)
    assert response.status_code == 200
    assert "Inbjudan att godkänna avtalsutkastet" in response.content.decode()


def test_a_party_that_declines_loses_its_agreement_link(final, alice, mailoutbox):
    send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    link = link_to(mailoutbox, kommun)
    problem_row = queries.current_recipient(kommun, subject=PROBLEM)

    answers.submit_answer(
        subject=PROBLEM,
        recipient=problem_row,
        answered_by=kommun.representations.first().user,
        seen_version=problem_row.request.version,
        answer="decline",
        comment="Vi kliver av.",
    )

    outsider = UserFactory(email=kommun.contact_email)
    client = client_for(outsider)
    landing = client.get(link, follow=True)
    accept = client.post(reverse("invitation_current"), {"follow": "1"})
    assert landing.status_code == 410 and "Inbjudan har återkallats" in landing.content.decode()
    assert accept.status_code == 410
    assert not outsider.memberships.exists()
    assert not outsider.representations.exists()


def test_a_party_made_an_observer_is_no_longer_asked_to_approve(final, alice, mailoutbox):
    request = send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    club = party_named(final, "Norrbacka IF")
    answers.submit_answer(
        subject=AGREEMENT,
        recipient=request.recipients.get(party=club),
        answered_by=club.representations.first().user,
        seen_version=1,
        answer="agree",
    )
    mailoutbox.clear()

    client_for(alice).post(
        reverse("party_edit", args=[final.pk, kommun.pk]),
        {
            "role": "observer",
            "state": kommun.state,
            "contact_name": kommun.contact_name,
            "contact_email": kommun.contact_email,
            "contact_phone": "",
            "staff_hours": "100",
            "money_sek": "25000",
            "premises": "",
            "other_contribution": "",
        },
    )

    karin = kommun.representations.first().user
    # An observer's representative no longer answers, nor reads the collaboration.
    page = client_for(karin).get(reverse("agreement_approve", args=[final.pk, kommun.pk]))
    assert page.status_code == 404
    with pytest.raises(DomainError, match="ombeds inte längre att godkänna avtalet"):
        answers.submit_answer(
            subject=AGREEMENT,
            recipient=request.recipients.get(party=kommun),
            answered_by=karin,
            seen_version=1,
            answer="agree",
        )
    # The one partner left has approved: that is everyone, and the lead is told.
    assert ConfirmationRequest.objects.get(pk=request.pk).all_agreed_at is not None
    assert [m.subject for m in mailoutbox] == [f"Alla parter godkänner avtalsutkastet för {final.title}"]


def test_step_16_follows_the_text_back_to_an_earlier_version(final, alice):
    original = CommunicationPlan.objects.get(collaboration=final).public
    request = send(final, alice)
    change_public_text(final, "Ny text.")
    services.agreement_pdf(collaboration=final, checklist=checklist_status(final), requested_by=alice)
    change_public_text(final, original)
    # The text is version 1 again once it is produced again (reading the preview writes nothing).
    client_for(alice).post(reverse("agreement_download", args=[final.pk]))

    approve_all(request)

    assert checklist_status(final).for_number(16).state == StepState.DONE


def test_step_16_is_done_when_a_version_sent_again_is_approved(final, alice):
    original = CommunicationPlan.objects.get(collaboration=final).public
    send(final, alice)
    change_public_text(final, "Ny text.")
    send(final, alice)
    change_public_text(final, original)
    again = send(final, alice)

    approve_all(again)

    assert again.agreement.number == 1
    assert checklist_status(final).for_number(16).state == StepState.DONE


def test_a_party_given_an_address_later_gets_an_invitation_with_a_full_link(
    final, alice, mailoutbox, settings
):
    settings.SITE_URL = ""
    club = party_named(final, "Norrbacka IF")
    address = club.contact_email
    Party.objects.filter(pk=club.pk).update(contact_email="")
    send(final, alice)
    Party.objects.filter(pk=club.pk).update(contact_email=address)
    mailoutbox.clear()

    reminders.send_automatic_reminders(now=later(settings.CONFIRMATION_REMINDER_DAYS + 1))

    (message,) = [m for m in mailoutbox if m.to == [address]]
    assert message.subject == f"Godkänn avtalsutkastet för {final.title}"  # not "Påminnelse"
    assert LINK.search(message.body)  # http://testserver/inbjudan/...


def test_the_agreement_page_says_when_a_link_was_revoked(final, alice):
    send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    links.revoke_invitations(party=kommun, revoked_by=alice)

    page = client_for(alice).get(reverse("agreement_preview", args=[final.pk])).content.decode()

    assert "Länken har återkallats." in page


def test_the_e_mail_speaks_of_the_version_the_party_answered(final, alice, mailoutbox):
    first = send(final, alice)
    kommun = party_named(final, "Åsby kommun")
    answers.submit_answer(
        subject=AGREEMENT,
        recipient=first.recipients.get(party=kommun),
        answered_by=kommun.representations.first().user,
        seen_version=1,
        answer="changes",
        comment="Ändra.",
    )
    change_public_text(final, "Ny text.")
    mailoutbox.clear()

    send(final, alice)

    by_address = {m.to[0]: m.body for m in mailoutbox}
    assert "Version 2 ersätter version 1, där ni ville ha ändringar." in by_address[kommun.contact_email]
    club = party_named(final, "Norrbacka IF")
    assert "ersätter" not in by_address[club.contact_email]  # it did not answer version 1
