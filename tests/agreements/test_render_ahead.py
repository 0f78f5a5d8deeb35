"""The agreement's PDF is rendered ahead by the task worker, once per content (issue 17): a request
never renders, simultaneous requests cost one render, and the page says when a render is running."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services, tasks
from agreements.models import AgreementVersion
from checklist.rules import checklist_status
from collaborations import services as collaboration_services
from collaborations.models import Collaboration

RENDERED = (b"%PDF-1.7 rendered", 3)


@pytest.fixture
def renders(monkeypatch):
    """Count the renders (WeasyPrint itself is left out: it is tested in test_pdf.py)."""
    calls = []

    def render(html, **kwargs):
        calls.append(html)
        return RENDERED

    monkeypatch.setattr(services, "html_to_pdf", render)
    return calls


def _pdf(collaboration, user=None):
    return services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=user
    )


def test_a_request_arriving_while_the_same_content_renders_does_not_render_it_again(
    collaboration, alice, monkeypatch
):
    """Two at the same moment: the second asks while the first is inside its render."""
    calls, second = [], []

    def render(html, **kwargs):
        calls.append(html)
        if len(calls) == 1:
            second.append(_pdf(Collaboration.objects.get(pk=collaboration.pk)))
        return RENDERED

    monkeypatch.setattr(services, "html_to_pdf", render)
    first = _pdf(collaboration, alice)
    assert len(calls) == 1
    assert first.rendered and first.pdf == RENDERED[0]
    assert second[0].pdf is None  # it found the render claimed, and left it alone
    version = AgreementVersion.objects.get()
    assert version.render_claim == "" and bytes(version.pdf) == RENDERED[0]


def test_eight_downloads_right_after_a_change_cost_one_render(collaboration, alice_client, renders):
    for _ in range(8):
        response = alice_client.post(reverse("agreement_download", args=[collaboration.pk]))
        assert response.status_code == 302
        assert response.url.split("?")[0] == reverse("agreement_version_download", args=[collaboration.pk, 1])
    assert len(renders) == 1


def test_the_agreement_page_renders_a_new_text_ahead_once(
    collaboration, alice, alice_client, renders, settings
):
    settings.AGREEMENT_RENDER_AHEAD = True
    collaboration_services.save_goal(collaboration=collaboration, saved_by=alice, overall="Tryggare torg.")

    first = alice_client.get(reverse("agreement_preview", args=[collaboration.pk]))
    assert len(renders) == 1  # the worker (immediate in tests) rendered the text the page shows
    assert "PDF:en för den här texten görs just nu" in first.text
    assert "görs just nu" not in alice_client.get(reverse("agreement_preview", args=[collaboration.pk])).text
    # The download then serves the stored file: no render in the request.
    response = alice_client.post(reverse("agreement_download", args=[collaboration.pk]))
    assert response.url.split("?")[0] == reverse("agreement_version_download", args=[collaboration.pk, 1])
    assert len(renders) == 1


def test_without_render_ahead_the_page_asks_for_nothing(collaboration, alice_client, renders):
    response = alice_client.get(reverse("agreement_preview", args=[collaboration.pk]))
    assert response.status_code == 200
    assert renders == []
    assert not AgreementVersion.objects.exists()


def test_a_change_outside_the_collaboration_is_downloaded_as_the_new_text(
    collaboration, alice_client, renders
):
    """An organisation's new name changes the agreement without saving the collaboration."""
    alice_client.post(reverse("agreement_download", args=[collaboration.pk]))
    collaboration.lead_organisation.name = "Nytt Bostadsbolag AB"
    collaboration.lead_organisation.save()

    response = alice_client.post(reverse("agreement_download", args=[collaboration.pk]))

    assert response.url.split("?")[0] == reverse("agreement_version_download", args=[collaboration.pk, 2])
    assert len(renders) == 2
    assert "Nytt Bostadsbolag AB" in renders[-1]


def test_no_render_is_even_asked_for_while_one_runs(collaboration, alice_client, monkeypatch):
    asked = []
    monkeypatch.setattr(
        tasks, "render_agreement_pdf", SimpleNamespace(enqueue=lambda *args: asked.append(args))
    )
    _claim_current_rendering(collaboration)

    for _ in range(3):
        alice_client.post(reverse("agreement_download", args=[collaboration.pk]))

    assert asked == []


def test_eight_downloads_right_after_a_change_ask_the_worker_once(collaboration, alice_client, monkeypatch):
    asked = []
    monkeypatch.setattr(
        tasks, "render_agreement_pdf", SimpleNamespace(enqueue=lambda *args: asked.append(args))
    )

    for _ in range(8):
        response = alice_client.post(reverse("agreement_download", args=[collaboration.pk]))
        assert response.url == reverse("agreement_preview", args=[collaboration.pk])  # told to wait

    assert len(asked) == 1
    assert AgreementVersion.objects.get().render_claim == asked[0][2]


def _claim_current_rendering(collaboration):
    """A worker is rendering the agreement as it stands: its version row is claimed, without a file."""
    draft = services.current_draft(collaboration, checklist=checklist_status(collaboration))
    version = services.register_version(collaboration=collaboration, draft=draft, created_by=None)
    _version, rendering = services.rendering_of(
        collaboration=collaboration, checklist=checklist_status(collaboration)
    )
    AgreementVersion.objects.filter(pk=version.pk).update(
        render_claim=rendering, render_claimed_at=timezone.now()
    )


def test_while_a_render_runs_the_download_says_so_and_offers_the_preview(
    collaboration, alice_client, renders
):
    _claim_current_rendering(collaboration)

    response = alice_client.post(reverse("agreement_download", args=[collaboration.pk]), follow=True)

    assert renders == []
    assert response.redirect_chain[-1][0] == reverse("agreement_preview", args=[collaboration.pk])
    assert "PDF:en för version 1 görs" in response.text
    assert "PDF:en för den här texten görs just nu" in response.text


def test_a_claim_left_by_a_worker_that_died_is_taken_over(collaboration, renders):
    draft = services.current_draft(collaboration, checklist=checklist_status(collaboration))
    version = services.register_version(collaboration=collaboration, draft=draft, created_by=None)
    _version, rendering = services.rendering_of(
        collaboration=collaboration, checklist=checklist_status(collaboration)
    )
    long_ago = timezone.now() - datetime.timedelta(minutes=services.RENDER_CLAIM_MINUTES + 1)
    AgreementVersion.objects.filter(pk=version.pk).update(render_claim=rendering, render_claimed_at=long_ago)

    assert _pdf(collaboration).pdf == RENDERED[0]
    assert len(renders) == 1
