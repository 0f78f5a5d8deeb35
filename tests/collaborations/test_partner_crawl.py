"""Issue 15: a partner's representative follows every link on every page they can reach, from the
dashboard and their collaboration's overview, over a collaboration whose every step is filled in and
whose agreement waits for their approval; no link leads to a 403 or a 404."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import reverse

from tests.agreements.arrange import complete
from tests.agreements.arrange import send as send_agreement
from tests.conftest import client_for

# Pages not to follow: the files served elsewhere and the operator's admin (a 302 to its login).
SKIPPED_PREFIXES = ("/static/", "/admin/")
MOST_PAGES = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(page_url, html) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        href = urldefrag(href)[0]
        if not href:
            continue
        if href.startswith("?"):
            href = urlsplit(page_url).path + href
        if href.startswith("/") and not href.startswith(SKIPPED_PREFIXES):
            found.append(href)
    return found


def crawl(client, start) -> tuple[dict, list]:
    """{url: status} of every page reached from `start`, and [(url, status, found on)] for 403/404."""
    statuses, broken = {}, []
    queue = [(url, "start") for url in start]
    while queue and len(statuses) < MOST_PAGES:
        url, found_on = queue.pop(0)
        if url in statuses:
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code in (403, 404):
            broken.append((url, response.status_code, found_on))
        elif response.status_code in (301, 302):
            queue.append((response["Location"], url))
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue.extend((link, url) for link in links_on(url, response.content.decode()))
    return statuses, broken


def test_no_link_a_partner_can_reach_leads_to_a_403_or_a_404(collaboration, alice, mailoutbox):
    partners = complete(collaboration, alice)
    send_agreement(collaboration, alice)
    representative = partners[0].representations.first().user

    statuses, broken = crawl(
        client_for(representative),
        [reverse("dashboard"), reverse("collaboration_detail", args=[collaboration.pk])],
    )

    assert broken == []
    # The crawl did reach the partner's pages: the overview, the texts, and both answer pages.
    reached = set(statuses)
    for name in ("problem_detail", "agreement_preview"):
        assert reverse(name, args=[collaboration.pk]) in reached
    for name in ("confirmation_answer", "agreement_approve"):
        assert reverse(name, args=[collaboration.pk, partners[0].pk]) in reached
