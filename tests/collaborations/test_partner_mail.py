"""The e-mails of issue 15, each kind in Swedish and in English: the first invitation (with and
without an account), a new version asked again with what changed, the approval request, the reminder,
and the lead's staff told when a party wants changes or declines (collaborations/tasks.py)."""

import pytest
from django.utils import translation

from agreements.approval import AGREEMENT
from checklist.models import CommunicationPlan
from collaborations.confirmations import answers, reminders
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import MailLanguage, PartyState
from tests.agreements.arrange import complete
from tests.agreements.arrange import send as send_agreement
from tests.collaborations.confirmation_setup import BASE_URL, mail_to, revise, send
from tests.factories import PartyFactory, ProblemDescriptionFactory, UserFactory

INVITED = "karin@kommun.test"
LANGUAGES = [MailLanguage.SWEDISH, MailLanguage.ENGLISH]
WORDS = {
    "sv": {
        "no_account": "Du behöver inget konto för att läsa och svara.",
        "has_account": "Du behöver inte logga in för att svara",
        "replaces": "Version 2 ersätter version 1, som ni instämde i. Det här har ändrats:",
        "added": "- tillagt: ”och på skolvägen”",
        "message": "Meddelande från Anna Lind:\nVi ses den 3 mars.",
        "reminder": "Det här är en påminnelse",
        "approval": "ber Åsby kommun att godkänna avtalsutkastet",
        "approved_before": "Version 2 ersätter version 1, som ni godkände.",
        "section": "- ändrat: ",
    },
    "en": {
        "no_account": "You need no account to read and answer.",
        "has_account": "You need not log in to answer",
        "replaces": "Version 2 replaces version 1, which you agreed with. This has changed:",
        "added": "- added: “och på skolvägen”",
        "message": "Message from Anna Lind:\nVi ses den 3 mars.",
        "reminder": "This is a reminder",
        "approval": "asks Åsby kommun to approve the draft agreement",
        "approved_before": "Version 2 replaces version 1, which you approved.",
        "section": "- changed: ",
    },
}


@pytest.fixture
def kommun(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration, text="Otrygghet kring torget.")
    return PartyFactory(
        collaboration=collaboration,
        organisation__name="Åsby kommun",
        state=PartyState.INVITED,
        contact_name="Karin Berg",
        contact_email=INVITED,
    )


@pytest.fixture
def anna(alice):
    alice.first_name, alice.last_name = "Anna", "Lind"
    alice.save()
    return alice


def body_to(outbox, email):
    return mail_to(outbox, email)[-1].body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_first_invitation_to_someone_without_an_account_needs_none(
    collaboration, kommun, anna, mailoutbox, language
):
    send(collaboration, anna, languages={kommun.pk: language}, message="Vi ses den 3 mars.")

    body = body_to(mailoutbox, INVITED)
    assert WORDS[language]["no_account"] in body
    assert WORDS[language]["message"] in body  # the staff's message, labelled
    assert WORDS[language]["replaces"].split(",")[0] not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_someone_with_an_account_gets_no_account_wording(collaboration, kommun, anna, mailoutbox, language):
    UserFactory(email=INVITED)

    send(collaboration, anna, languages={kommun.pk: language})

    body = body_to(mailoutbox, INVITED)
    assert WORDS[language]["has_account"] in body
    assert WORDS[language]["no_account"] not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_version_names_the_one_answered_and_what_changed(
    collaboration, kommun, anna, mailoutbox, language
):
    first = send(collaboration, anna, languages={kommun.pk: language})
    answers.submit_answer(
        subject=PROBLEM, recipient=first.recipients.get(), answered_by=None, seen_version=1, answer="agree"
    )
    revise(collaboration, anna, "Otrygghet kring torget och på skolvägen.")

    send(collaboration, anna)

    body = body_to(mailoutbox, INVITED)
    assert WORDS[language]["replaces"] in body
    assert WORDS[language]["added"] in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reminder_says_so(collaboration, kommun, anna, mailoutbox, language):
    send(collaboration, anna, languages={kommun.pk: language})

    reminders.remind(party=kommun, subject=PROBLEM, reminded_by=anna, base_url=BASE_URL)

    assert WORDS[language]["reminder"] in body_to(mailoutbox, INVITED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_approval_request_and_a_new_version_of_the_agreement(collaboration, alice, mailoutbox, language):
    complete(collaboration, alice)
    kommun = collaboration.parties.get(organisation__name="Åsby kommun")
    first = send_agreement(collaboration, alice)
    first.recipients.update(language=language)
    mailoutbox.clear()
    reminders.remind(party=kommun, subject=AGREEMENT, reminded_by=alice, base_url=BASE_URL)
    assert WORDS[language]["approval"] in body_to(mailoutbox, kommun.contact_email)

    answers.submit_answer(
        subject=AGREEMENT,
        recipient=first.recipients.get(party=kommun),
        answered_by=None,
        seen_version=1,
        answer="agree",
    )
    CommunicationPlan.objects.filter(collaboration=collaboration).update(public="Ny text.")
    send_agreement(collaboration, alice)

    body = body_to(mailoutbox, kommun.contact_email)
    assert WORDS[language]["approved_before"] in body
    assert WORDS[language]["section"] in body  # what changed, by section


LEAD_WORDS = {
    "sv": {
        "changes": (
            "Åsby kommun vill ha ändringar i problembeskrivningen för Trygg Norrbacka",
            "Deras kommentar:",
        ),
        "decline": ("Åsby kommun avböjer att delta i Trygg Norrbacka", "tillfrågas inte om senare versioner"),
    },
    "en": {
        "changes": (
            "Åsby kommun wants changes to the problem description for Trygg Norrbacka",
            "Their comment:",
        ),
        "decline": (
            "Åsby kommun declines to take part in Trygg Norrbacka",
            "no longer asked about later versions",
        ),
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("answer", ["changes", "decline"])
def test_the_leads_staff_are_told_with_the_comment_and_a_link(
    collaboration, kommun, anna, olivia, mailoutbox, settings, language, answer
):
    request = send(collaboration, anna)
    mailoutbox.clear()
    settings.LANGUAGE_CODE = language

    with translation.override(language):
        answers.submit_answer(
            subject=PROBLEM,
            recipient=request.recipients.get(),
            answered_by=None,
            seen_version=1,
            answer=answer,
            comment="Nämn skolvägen.",
            through_link=answers.LinkAnswerer(email=INVITED, name="Karin Berg", title="Chef"),
        )

    (message,) = mailoutbox
    subject, words = LEAD_WORDS[language][answer]
    assert sorted(message.to) == sorted([anna.email, olivia.email])
    assert message.subject == subject
    assert words in message.body
    assert "Nämn skolvägen." in message.body
    assert "Karin Berg, Chef" in message.body
    assert f"http://testserver/samverkan/{collaboration.pk}/bekraftelser/" in message.body


def test_the_lead_is_not_told_at_once_of_a_party_that_agrees(collaboration, kommun, anna, mailoutbox):
    request = send(collaboration, anna)
    mailoutbox.clear()

    answers.submit_answer(
        subject=PROBLEM, recipient=request.recipients.get(), answered_by=None, seen_version=1, answer="agree"
    )

    # Only the e-mail that every party agrees, none about this answer.
    assert [m.subject for m in mailoutbox] == [
        "Alla parter instämmer i problembeskrivningen för Trygg Norrbacka"
    ]
