"""Plain words, one name per concept (issue 16): step 1 is the problem description, step 5 the shared
problem picture and the send page belongs to it; no "vår egen fortsättning"; closing a collaboration is
out of the way of new work."""

import re

from django.urls import reverse

from tests.factories import ProblemDescriptionFactory


def step_kicker(response) -> str:
    match = re.search(r'<p id="step-heading" class="step-kicker">(.*?)</p>', response.text, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_step_one_is_called_problem_description(collaboration, alice_client):
    response = alice_client.get(reverse("problem_detail", args=[collaboration.pk]))

    assert step_kicker(response).startswith("Steg 1 av 16: Problembeskrivning")


def test_send_page_belongs_to_step_five(collaboration, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)

    response = alice_client.get(reverse("problem_send", args=[collaboration.pk]))

    assert step_kicker(response).startswith("Steg 5 av 16: Gemensam problembild")


def test_no_page_says_our_own_continuation(collaboration, alice_client):
    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 9]))

    assert "fortsättning" not in response.text.lower()
    assert "Från plan till avtal" in response.text


def test_close_is_folded_under_more_at_the_bottom_of_the_overview(collaboration, alice_client):
    response = alice_client.get(reverse("collaboration_detail", args=[collaboration.pk]))

    html = response.text
    close = html.index(reverse("collaboration_close", args=[collaboration.pk]))
    more = html.index("<summary>Mer</summary>")
    assert html.index('id="h-timeline"') < more < close
    assert html.count(reverse("collaboration_close", args=[collaboration.pk])) == 1
