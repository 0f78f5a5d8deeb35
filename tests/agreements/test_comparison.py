"""What changed between two versions of the agreement: the text kept per version, the changes by
section, the compare page and the approval page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.approval import AGREEMENT
from agreements.comparison import agreement_diff, content_text, text_changes
from agreements.models import AgreementVersion
from checklist.models import CommunicationPlan
from checklist.rules import checklist_status
from collaborations import diff
from collaborations.confirmations import answers, sending
from tests.agreements.arrange import complete, send
from tests.collaborations.long_texts import long_text, record_comparisons, unrelated_text
from tests.conftest import client_for

# --- The text of a version ---------------------------------------------------------------------


def test_content_text_has_a_line_per_block_and_marks_headings():
    html = (
        "<section><h2>1. Parter</h2><p>Detta avtal &amp; dess <strong>parter</strong>.</p>"
        "<table><caption>Parterna</caption><tr><th>Namn</th><th>Roll</th><th></th></tr>"
        "<tr><td>Åsbyhem<br>AB</td><td>Huvudman</td><td></td></tr></table>"
        "<dl><dt>Mål</dt><dd>Tryggt\n   område</dd></dl></section>"
    )

    assert content_text(html).splitlines() == [
        "# 1. Parter",
        "Detta avtal & dess parter.",
        "# Parterna",
        "Namn · Roll",
        "Åsbyhem AB · Huvudman",
        "Mål",
        "Tryggt område",
    ]


def test_changes_are_shown_word_by_word_under_their_section():
    old = "# 1. Parter\nÅsbyhem och kommunen.\n# 7. Kommunikation\nVi informerar boende varje månad.\nSlut."
    new = "# 1. Parter\nÅsbyhem och kommunen.\n# 7. Kommunikation\nVi informerar boende varje vecka.\nSlut."

    (change,) = text_changes(old, new)

    assert change.heading == "7. Kommunikation"
    assert "<del>" in change.html and "månad" in change.html
    assert "<ins>" in change.html and "vecka" in change.html
    assert "Parter" not in change.html  # unchanged sections are left out


def test_text_is_escaped_in_the_changes():
    (change,) = text_changes("# Mål\nA", "# Mål\n<script>alert(1)</script>")

    assert "<script>" not in change.html
    assert "&lt;script&gt;" in change.html


def test_a_removed_section_is_shown_under_the_heading_before_it():
    old = "# 1. Parter\nText.\n# 2. Bakgrund\nBakgrunden."
    new = "# 1. Parter\nText."

    (change,) = text_changes(old, new)

    assert change.heading == "1. Parter"
    assert "<del>" in change.html and "Bakgrunden" in change.html


def test_same_text_has_no_changes():
    assert text_changes("# A\nB", "# A\nB") == []


def test_versions_without_kept_text_cannot_be_compared():
    old = AgreementVersion(number=1, text="")
    new = AgreementVersion(number=2, text="# A\nB")

    diff = agreement_diff(old, new)

    assert not diff.available and not diff.changed


# --- Versions keep their text ------------------------------------------------------------------


@pytest.fixture
def final(collaboration, alice):
    complete(collaboration, alice)
    return collaboration


def new_version(collaboration, user, public=None):
    """Change the communication plan (if `public`) and register the agreement's text as a version."""
    if public is not None:
        CommunicationPlan.objects.filter(collaboration=collaboration).update(public=public)
    draft = services.current_draft(collaboration, checklist=checklist_status(collaboration))
    return services.register_version(collaboration=collaboration, draft=draft, created_by=user)


def test_a_new_version_keeps_its_text(final, alice):
    version = new_version(final, alice)

    assert version.text.startswith("# 1. Parter\n")
    assert "Åsby kommun" in version.text


def test_a_version_without_text_gets_it_when_the_same_text_comes_again(final, alice):
    version = new_version(final, alice)
    AgreementVersion.objects.filter(pk=version.pk).update(text="")

    again = new_version(final, alice)

    assert again.pk == version.pk
    assert AgreementVersion.objects.get(pk=version.pk).text == version.text


# --- The compare page --------------------------------------------------------------------------


def compare_url(collaboration, **query):
    url = reverse("agreement_compare", args=[collaboration.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_compare_page_shows_what_changed_between_the_last_two_versions(final, alice, alice_client):
    new_version(final, alice, public="Vi informerar boende varje månad.")
    new_version(final, alice, public="Vi informerar boende varje vecka.")

    page = alice_client.get(compare_url(final)).content.decode()

    assert "Ändringar från version 1 till version 2" in page
    assert "Kommunikation" in page
    assert "månad" in page and "vecka" in page
    assert "<ins>" in page and "<del>" in page


def test_compare_page_asks_for_two_different_versions(final, alice, alice_client):
    new_version(final, alice, public="Ett.")
    new_version(final, alice, public="Två.")

    same = alice_client.get(compare_url(final, old=2, new=2)).content.decode()
    missing = alice_client.get(compare_url(final, old=1, new=9)).content.decode()

    assert "Välj två olika versioner." in same and "Ändringar från" not in same
    assert "Välj en version som finns." in missing and "Ändringar från" not in missing


def test_compare_page_with_one_version_says_so(final, alice, alice_client):
    new_version(final, alice)

    page = alice_client.get(compare_url(final)).content.decode()

    assert "Det finns bara en version av avtalet än." in page


def test_compare_page_of_another_collaboration_is_404(final, alice, dave, charlie):
    new_version(final, alice, public="Ett.")
    new_version(final, alice, public="Två.")

    for outsider in (dave, charlie):
        assert client_for(outsider).get(compare_url(final)).status_code == 404


def test_compare_page_query_count_does_not_grow_with_versions(final, alice, alice_client):
    for n in range(2):
        new_version(final, alice, public=f"Text {n}.")
    with CaptureQueriesContext(connection) as few:
        assert alice_client.get(compare_url(final)).status_code == 200
    for n in range(2, 12):
        new_version(final, alice, public=f"Text {n}.")
    with CaptureQueriesContext(connection) as many:
        assert alice_client.get(compare_url(final)).status_code == 200

    assert len(few) == len(many)


# --- The approval page -------------------------------------------------------------------------


def test_approval_page_shows_what_changed_since_the_version_the_party_answered(final, alice):
    first = send(final, alice)
    recipient = first.recipients.select_related("party__organisation").get(
        party__organisation__name="Åsby kommun"
    )
    karin = recipient.party.representations.first().user
    answers.submit_answer(
        subject=AGREEMENT,
        recipient=recipient,
        answered_by=karin,
        seen_version=1,
        answer="changes",
        comment="Informera varje vecka.",
    )
    CommunicationPlan.objects.filter(collaboration=final).update(public="Vi informerar varje vecka.")
    send(final, alice)

    page = client_for(karin).get(reverse("agreement_approve", args=[final.pk, recipient.party.pk]))

    text = page.content.decode()
    assert "Vad som har ändrats sedan version 1" in text
    assert "Er organisation svarade ”Vill ha ändringar” på version 1" in text
    assert "Informera varje vecka." in text
    assert "<ins>" in text and "vecka" in text


def test_approval_page_of_a_first_version_shows_no_changes(final, alice):
    recipient = send(final, alice).recipients.select_related("party__organisation").first()

    page = client_for(recipient.party.representations.first().user).get(
        reverse("agreement_approve", args=[final.pk, recipient.party.pk])
    )

    assert "Vad som har ändrats sedan" not in page.content.decode()


def test_a_very_long_changed_place_is_shown_removed_and_added_without_comparing_words():
    old = "# Bilaga\n" + " ".join(f"ord{n}" for n in range(6000))
    new = "# Bilaga\n" + " ".join(f"term{n}" for n in range(6000))

    (change,) = text_changes(old, new)

    assert change.html.count("<del>") == 1 and change.html.count("<ins>") == 1
    assert "ord5999" in change.html and "term5999" in change.html


def test_one_changed_word_in_a_long_agreement_is_found_comparing_only_small_pieces(monkeypatch):
    record_comparisons(monkeypatch, largest=diff.SMALL_PIECES)
    old = "\n".join(f"# {n}. Avsnitt {n}\n" + long_text(400).replace("\r\n\r\n", "\n") for n in range(1, 201))
    new = old.replace("Avsnitt 150\nBoende i kvarter 0 ", "Avsnitt 150\nBoende i kvarteret 0 ")

    (change,) = text_changes(old, new)

    assert change.heading == "150. Avsnitt 150"
    assert change.html.count("<del>") == 1 and change.html.count("<ins>") == 1
    assert ">kvarter<" in change.html and ">kvarteret<" in change.html


def test_compare_page_with_long_unrelated_texts_shows_them_removed_and_added(
    final, alice, alice_client, monkeypatch
):
    # Together under 20,000 characters, which alone used to decide whether the words were compared.
    old, new = unrelated_text("ord", 9_000), unrelated_text("term", 9_000)
    new_version(final, alice, public=old)
    new_version(final, alice, public=new)
    record_comparisons(monkeypatch, largest=diff.SMALL_PIECES)

    page = alice_client.get(compare_url(final)).content.decode()

    assert '<del><span class="visually-hidden">[borttaget: </span>' + old + "<" in page
    assert '<ins><span class="visually-hidden">[tillagt: </span>' + new + "<" in page


def test_compare_page_without_versions_says_how_they_are_made(final, alice_client):
    page = alice_client.get(compare_url(final)).content.decode()

    assert "Avtalet har ingen version än" in page


def test_approval_page_query_count_does_not_grow_with_earlier_versions(final, alice):
    kommun = final.parties.select_related("organisation").get(organisation__name="Åsby kommun")
    karin = kommun.representations.first().user
    url = reverse("agreement_approve", args=[final.pk, kommun.pk])

    def send_and_answer(n):
        version = new_version(final, alice, public=f"Text {n}.")
        request = sending.send(
            subject=AGREEMENT, version=version, sent_by=alice, base_url="http://testserver/"
        )
        answers.submit_answer(
            subject=AGREEMENT,
            recipient=request.recipients.get(party=kommun),
            answered_by=karin,
            seen_version=version.number,
            answer="changes",
            comment=f"Ändra {n}.",
        )

    for n in range(2):
        send_and_answer(n)
    client = client_for(karin)
    with CaptureQueriesContext(connection) as few:
        assert "Vad som har ändrats sedan version 1" in client.get(url).content.decode()
    for n in range(2, 8):
        send_and_answer(n)
    with CaptureQueriesContext(connection) as many:
        assert "Vad som har ändrats sedan version 7" in client.get(url).content.decode()

    assert len(few) == len(many)
