"""The checklist's side list is rendered once per change of what it shows and kept in the cache under a
digest of it (issue 17): a change of a step's state, the page's step or the language shows at once."""

import re

from django.urls import reverse

from collaborations import services

NAV = re.compile(r'<nav class="collab-nav".*?</nav>', re.S)


def _nav(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return NAV.search(response.content.decode()).group(0)


def test_the_kept_side_list_is_html_not_escaped_text(collaboration, alice_client):
    url = reverse("collaboration_detail", args=[collaboration.pk])
    first = _nav(alice_client, url)
    again = _nav(alice_client, url)  # from the cache
    assert again == first
    assert '<ol class="steps">' in again


def test_the_side_list_marks_the_page_its_on(collaboration, alice_client):
    on_overview = _nav(alice_client, reverse("collaboration_detail", args=[collaboration.pk]))
    on_step = _nav(alice_client, reverse("step_detail", args=[collaboration.pk, 8]))
    step_link = f'href="{reverse("step_detail", args=[collaboration.pk, 8])}" aria-current="step"'
    assert 'aria-current="page"' in on_overview and step_link not in on_overview
    assert step_link in on_step and 'aria-current="page"' not in on_step


def test_the_side_list_shows_a_changed_state(collaboration, alice, alice_client):
    url = reverse("collaboration_detail", args=[collaboration.pk])
    before = _nav(alice_client, url)
    services.save_problem_description(
        collaboration=collaboration,
        author=alice,
        based_on_version=0,
        text="Otrygghet.",
        focus_areas=["safety"],
        evidence="",
    )
    after = _nav(alice_client, url)
    assert after != before
    response = alice_client.get(url)
    done = response.context["checklist"].done_count
    assert f'value="{done}"' in after


def test_the_side_list_follows_the_language(collaboration, alice_client):
    url = reverse("collaboration_detail", args=[collaboration.pk])
    swedish = _nav(alice_client, url)
    alice_client.cookies["django_language"] = "en"
    english = _nav(alice_client, url)
    assert "All steps" in english and "All steps" not in swedish


def test_the_side_list_is_rendered_once_while_nothing_it_shows_changes(collaboration, alice_client):
    url = reverse("step_detail", args=[collaboration.pk, 8])
    first = alice_client.get(url)
    again = alice_client.get(url)
    assert "checklist/_nav.html" in [t.name for t in first.templates]
    assert "checklist/_nav.html" not in [t.name for t in again.templates]
