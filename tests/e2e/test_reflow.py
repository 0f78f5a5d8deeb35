"""WCAG 2.1 1.4.10 (Reflow): at 375 px no page is wider than the screen.

The test walks the site as the demo's people see it — a lead organisation's staff member with the
checklist filled in, a partner's representative, and a visitor who is not logged in — following every
link on every page it reaches (the same pages as the authorization table's GET rows for those
personas), and measures each page at 375 px: the document's scrollWidth must not exceed the screen.
"""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from collaborations.models import Collaboration
from tests.e2e.browser import log_in
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Links that download a file (PDF, Word, JSON, an archive, an uploaded document) or leave the app's
# own pages; they are not pages to measure.
NOT_PAGES = ("/pdf/", "/docx/", ".json", "/arkiv/", "/dokument/", "/admin/", "/i18n/", "/logout/")
MAX_PAGES = 120
LINK = re.compile(r"https?://[^/\s]+(/inbjudan/[A-Za-z0-9_-]+/)")

MEASURE = """() => {
    const root = document.documentElement;
    const over = el => el.getBoundingClientRect().right > root.clientWidth + 1;
    // The innermost elements that stick out, which are what needs fixing (not their containers).
    const wide = [...document.querySelectorAll('body *')]
        .filter(el => over(el) && ![...el.children].some(over))
        .slice(0, 3)
        .map(el => el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.')
             + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)');
    return {scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth), wide: wide,
            errorSummary: !!document.getElementById('error-summary')};
}"""


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    call_command("seed_demo_agreement", force=True, stdout=io.StringIO())


def is_page(path: str) -> bool:
    return path.startswith("/") and not any(part in path for part in NOT_PAGES)


def crawl(page, start_paths) -> dict[str, dict]:
    """Visit every page reachable by links from `start_paths` and measure it; {path: measurement}."""
    origin = urlsplit(page.url or "http://x").netloc
    seen = set(start_paths)
    queue = deque(start_paths)
    measured = {}
    while queue and len(measured) < MAX_PAGES:
        path = queue.popleft()
        page.goto(path)
        # Measured under the address asked for: an invitation link redirects to /inbjudan/, which shows
        # what that link's token (kept in the session) allows.
        measured[path] = page.evaluate(MEASURE)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            parts = urlsplit(urldefrag(href).url)
            if origin and parts.netloc != origin:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if is_page(parts.path) and target not in seen:
                seen.add(target)
                queue.append(target)
    return measured


def too_wide(measured: dict[str, dict]) -> list[str]:
    return [
        f"{path}: {m['scrollWidth']} px wide; {', '.join(m['wide'])}"
        for path, m in measured.items()
        if m["scrollWidth"] > PHONE["width"]
    ]


@pytest.mark.parametrize(
    "email",
    [
        "anna@asbyhem.example",  # the lead organisation's staff: the checklist and every step
        "karin@asby-kommun.example",  # a partner's representative
        None,  # not logged in: login, sign-up, password reset
    ],
)
def test_no_page_is_wider_than_a_phone(page_for, demo, email, save_screenshots):
    page = page_for(email or "anonymous")
    if email:
        log_in(page, email)
        start = ["/", "/konto/mitt-konto/", "/organisationer/"]
    else:
        start = ["/konto/login/", "/konto/signup/", "/konto/password/reset/"]
    page.set_viewport_size(PHONE)

    measured = crawl(page, start)
    if email == "anna@asbyhem.example":
        page.goto(reverse("party_list", args=[Collaboration.objects.get().pk]))
        save_screenshots(page, "reflow-parties")

    assert len(measured) >= (30 if email == "anna@asbyhem.example" else 3), sorted(measured)
    assert page_for.problems(page) == []
    # Opening a page is not a failed form: no page starts with an error summary.
    assert [path for path, m in measured.items() if m["errorSummary"]] == []
    wide = too_wide(measured)
    assert not wide, f"{len(wide)} of {len(measured)} pages scroll sideways at 375 px:\n" + "\n".join(wide)


def test_invitation_pages_fit_a_phone(page_for, demo):
    """A partner's contact person without an account follows the e-mailed link: the answer page and
    everything it links to fit the screen."""
    # The latest link each person got (earlier ones are replaced; too many dead links in a row are
    # refused by the rate limit, whatever the link).
    latest = {message.to[0]: LINK.search(message.body) for message in mail.outbox}
    links = {match.group(1) for match in latest.values() if match}
    assert links
    page = page_for("invitee")
    page.set_viewport_size(PHONE)

    measured = crawl(page, sorted(links))

    # A link already used or replaced by a newer one answers 410 Gone, with a page of its own.
    assert [p for p in page_for.problems(page) if "410" not in p] == []
    # At least one link is still open: its page offers to log in or sign up with that address.
    assert any(re.match(r"/konto/(login|signup)/\?email=", path) for path in measured), sorted(measured)
    wide = too_wide(measured)
    assert not wide, f"{len(wide)} of {len(measured)} pages scroll sideways at 375 px:\n" + "\n".join(wide)
