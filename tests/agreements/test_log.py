"""The agreement's log appendix says who did what: answers and sendings name their person, the moment
every party agrees or approves names none (the service noted it), and approvals read as approvals."""

from django.urls import reverse

from agreements.approval import AGREEMENT
from agreements.drafting import build_agreement
from checklist.rules import checklist_status
from collaborations.confirmations import answers
from collaborations.models import Event, EventKind
from tests.agreements.arrange import approve_all, complete, send
from tests.conftest import client_for


def log_of(collaboration):
    return build_agreement(collaboration, checklist=checklist_status(collaboration)).log


def test_every_party_agrees_is_credited_to_no_one(collaboration, alice):
    complete(collaboration, alice)

    log = log_of(collaboration)

    assert [(entry.event, entry.actor) for entry in log] == [
        ("Version skickad för bekräftelse", alice.display_name),
        ("Svar lämnat", "Jonas Wik"),
        ("Svar lämnat", "Karin Berg"),
        ("Alla parter instämmer", ""),
    ]
    assert Event.objects.get(kind=EventKind.ALL_AGREED).actor is None


def test_approvals_of_the_agreement_read_as_approvals(collaboration, alice):
    complete(collaboration, alice)

    approve_all(send(collaboration, alice))

    log = log_of(collaboration)[4:]
    assert [(entry.event, entry.actor) for entry in log] == [
        ("Avtalsutkast skickat för godkännande", alice.display_name),
        ("Avtalet godkänt", "Jonas Wik"),
        ("Avtalet godkänt", "Karin Berg"),
        ("Alla parter godkänner", ""),
    ]
    assert log[0].detail == "avtalsutkastet version 1 skickat för godkännande till Norrbacka IF, Åsby kommun"
    assert "godkänt av 2 av 2 parter" in log[-1].detail
    assert not any("instämmer" in entry.event or "bekräftelse" in entry.event for entry in log)


def test_a_wish_for_changes_reads_as_one(collaboration, alice):
    complete(collaboration, alice)
    request = send(collaboration, alice)
    recipient = request.recipients.select_related("party").first()

    answers.submit_answer(
        subject=AGREEMENT,
        recipient=recipient,
        answered_by=recipient.party.representations.first().user,
        seen_version=1,
        answer="changes",
        comment="Längre avtalstid.",
    )

    entry = log_of(collaboration)[-1]
    assert entry.event == "Ändringar i avtalsutkastet önskas"
    assert entry.detail.endswith("vill ha ändringar i avtalsutkastet version 1")
    assert entry.actor == recipient.party.representations.first().user.display_name


def test_the_history_page_names_no_one_for_every_party_agrees(collaboration, alice):
    complete(collaboration, alice)

    response = client_for(alice).get(reverse("collaboration_detail", args=[collaboration.pk]))

    line = next(line for line in response.text.splitlines() if "Alla parter instämmer" in line)
    assert "Karin Berg" not in line and "Jonas Wik" not in line
