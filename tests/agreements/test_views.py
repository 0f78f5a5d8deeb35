"""The agreement's pages: the preview, the download, an earlier version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import AgreementVersion
from checklist.rules import checklist_status
from checklist.steps import step_url
from collaborations.models import Event
from tests.agreements.arrange import complete, pdf_text
from tests.conftest import client_for
from tests.factories import (
    AgreementVersionFactory,
    BudgetLineFactory,
    CommunicationPlanFactory,
    GroupMemberFactory,
    PartyFactory,
    ResidentInvolvementFactory,
    SubGoalFactory,
)


def preview_url(collaboration):
    return reverse("agreement_preview", args=[collaboration.pk])


def download_url(collaboration):
    return reverse("agreement_download", args=[collaboration.pk])


def download(client, collaboration):
    """Press "Ladda ner avtalsutkast (PDF)": a POST that sends the browser on to the stored file."""
    return client.post(download_url(collaboration), follow=True)


# --- The preview


def test_preview_shows_the_agreement_with_gaps_linking_to_their_steps(collaboration, alice_client):
    response = alice_client.get(preview_url(collaboration))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<article class="agreement agreement-paper" lang="sv"' in html
    assert "Ladda ner avtalsutkast (PDF)" in html
    terms_step = reverse("step_detail", args=[collaboration.pk, 15])
    assert (
        f'<a href="{terms_step}">Fyll i under steg 15: Avtalstid, omprövning, utträde och tvister</a>' in html
    )
    assert 'class="gap"' in html


def test_preview_of_a_complete_collaboration_is_the_final_draft(collaboration, alice, alice_client):
    complete(collaboration, alice)

    html = alice_client.get(preview_url(collaboration)).content.decode()

    assert "Detta är det slutliga utkastet" in html
    assert 'class="gap"' not in html
    assert "Den här texten har inte laddats ner ännu: nästa nedladdning blir version 1." in html


def test_preview_says_which_version_the_text_is_once_downloaded(collaboration, alice_client):
    download(alice_client, collaboration)

    html = alice_client.get(preview_url(collaboration)).content.decode()

    assert "Den här texten är version 1, först framtagen" in html


def test_preview_keeps_the_agreement_swedish_in_an_english_page(collaboration, alice_client):
    alice_client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = alice_client.get(preview_url(collaboration)).content.decode()

    assert "Download draft agreement (PDF)" in html
    assert "1. Parter" in html and "Kommunikationsplanen saknas." in html


def test_invited_partner_reads_the_preview(collaboration, bob):
    assert client_for(bob).get(preview_url(collaboration)).status_code == 200


def test_unknown_collaboration_is_404(alice_client):
    assert alice_client.get(reverse("agreement_preview", args=[999999])).status_code == 404
    assert alice_client.post(reverse("agreement_download", args=[999999])).status_code == 404


def test_step_16_of_the_checklist_is_the_preview(collaboration, alice_client):
    step = checklist_status(collaboration).for_number(16).step

    assert step_url(collaboration, step) == preview_url(collaboration)
    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 16]))
    assert response.status_code == 302 and response["Location"] == preview_url(collaboration)


# --- Downloads


def test_download_is_the_pdf_named_for_the_area_and_version(collaboration, alice_client):
    response = download(alice_client, collaboration)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Samverkansavtal-Norrbacka-v1.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert "Trygg Norrbacka" in pdf_text(response.content)


def test_invited_partner_downloads_the_same_stored_pdf(collaboration, alice_client, bob):
    first = download(alice_client, collaboration)

    second = download(client_for(bob), collaboration)

    assert second.status_code == 200 and second.content == first.content
    assert AgreementVersion.objects.count() == 1


def test_anonymous_download_is_sent_to_log_in(collaboration, client):
    response = client.post(download_url(collaboration))

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not AgreementVersion.objects.exists()


def test_earlier_version_is_served_as_it_was_stored(collaboration, alice, alice_client):
    first = download(alice_client, collaboration)
    complete(collaboration, alice)
    download(alice_client, collaboration)

    html = alice_client.get(preview_url(collaboration)).content.decode()
    earlier = alice_client.get(reverse("agreement_version_download", args=[collaboration.pk, 1]))

    assert reverse("agreement_version_download", args=[collaboration.pk, 1]) in html
    assert earlier.status_code == 200 and earlier.content == first.content
    assert 'filename="Samverkansavtal-Norrbacka-v1.pdf"' in earlier["Content-Disposition"]


@pytest.mark.parametrize("number", [1, 2, 0])
def test_version_that_does_not_exist_is_404(collaboration, alice_client, number):
    if number == 1:  # a version without a stored file (it was never downloaded)
        AgreementVersionFactory(collaboration=collaboration)

    url = reverse("agreement_version_download", args=[collaboration.pk, number])

    assert alice_client.get(url).status_code == 404


def test_another_collaborations_version_is_404(collaboration, alice_client, charlie):
    download(alice_client, collaboration)

    url = reverse("agreement_version_download", args=[collaboration.pk, 1])

    assert client_for(charlie).get(url).status_code == 404


# --- Queries


def _grow(collaboration, n):
    for i in range(n):
        party = PartyFactory(collaboration=collaboration, staff_hours=i + 1)
        GroupMemberFactory(collaboration=collaboration, party=party)
        BudgetLineFactory(collaboration=collaboration, party=party)
        SubGoalFactory(collaboration=collaboration)
        ResidentInvolvementFactory(collaboration=collaboration)


def test_preview_query_count_does_not_grow_with_data(collaboration, alice, alice_client):
    complete(collaboration, alice)
    download(alice_client, collaboration)
    _grow(collaboration, 2)
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(preview_url(collaboration)).status_code == 200
    _grow(collaboration, 28)
    with CaptureQueriesContext(connection) as large:
        assert alice_client.get(preview_url(collaboration)).status_code == 200

    assert len(small) == len(large)


def test_stored_download_query_count_does_not_grow_with_data(collaboration, alice, alice_client):
    _grow(collaboration, 2)
    download(alice_client, collaboration)
    with CaptureQueriesContext(connection) as small:
        download(alice_client, collaboration)
    _grow(collaboration, 28)
    download(alice_client, collaboration)
    with CaptureQueriesContext(connection) as large:
        download(alice_client, collaboration)

    assert len(small) == len(large)


def test_post_to_the_preview_is_not_allowed(collaboration, alice_client):
    assert alice_client.post(preview_url(collaboration)).status_code == 405
    assert not AgreementVersion.objects.exists()


@pytest.mark.parametrize("method", ["get", "head"])
def test_download_is_a_post_and_a_get_makes_nothing(collaboration, alice_client, method):
    assert getattr(alice_client, method)(download_url(collaboration)).status_code == 405
    assert not AgreementVersion.objects.exists()


def test_download_sends_the_browser_to_the_stored_version(collaboration, alice_client):
    response = alice_client.post(download_url(collaboration))

    assert response.status_code == 302
    stored = reverse("agreement_version_download", args=[collaboration.pk, 1])
    assert response["Location"].split("?")[0] == stored
    assert AgreementVersion.objects.get().pdf is not None


@pytest.mark.parametrize("method", ["get", "head"])
def test_reading_the_agreement_changes_no_row(collaboration, alice, alice_client, method):
    """The preview of a text that was an earlier version (a change undone), and that version's file:
    reading them leaves every version as it was; the next download notes the version as current."""
    download(alice_client, collaboration)
    plan = CommunicationPlanFactory(collaboration=collaboration)
    download(alice_client, collaboration)
    plan.delete()  # the text is version 1 again
    AgreementVersion.objects.filter(number=1).update(text="")  # made before texts were kept
    before = list(AgreementVersion.objects.without_pdf().values())
    events = Event.objects.count()

    for url in [
        preview_url(collaboration),
        reverse("agreement_version_download", args=[collaboration.pk, 1]),
    ]:
        assert getattr(alice_client, method)(url).status_code == 200

    assert list(AgreementVersion.objects.without_pdf().values()) == before
    assert Event.objects.count() == events
    download(alice_client, collaboration)
    again = AgreementVersion.objects.get(number=1)
    assert again.text and again.last_produced_at > AgreementVersion.objects.get(number=2).last_produced_at
