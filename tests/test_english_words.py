"""No English interface word on a Swedish page: every page of the authorization table that a persona
may see, allauth's pages and the admin, read in Swedish, as a person would (visible text, and the
attributes a screen reader or a button shows).

The words are common English interface words, matched as whole words and case-sensitively where a
lower-case spelling is also Swedish. What a test's data or a proper name holds is allowed explicitly.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation

from checklist.default_template import STEPS
from tests.test_authorization_table import (
    ACCOUNT_RULE,
    PERSONAS,
    TABLE,
    patterns_of,
    sample_path,
    visit,
    world,  # noqa: F401 - a fixture
)

ENGLISH = [
    # Forms and buttons
    "Select", "an option", "Choose", "Save", "Cancel", "Delete", "Submit", "Search", "Send", "Edit",
    "Add", "Remove", "Change", "Update", "Create", "Confirm", "Continue", "Clear", "Reset", "Upload",
    "Download", "View", "Show", "Hide", "Close", "Open", "Yes", "No", "OK", "Required", "Optional",
    "optional", "required", "Loading", "Please", "please", "Unknown", "None", "Today", "Now",
    # Navigation
    "Next", "Previous", "Back", "Home", "Dashboard", "Settings", "Help", "Menu", "Page", "Skip",
    "Toggle", "navigation", "Welcome", "Actions", "Action", "History", "Documentation",
    # Accounts
    "Sign in", "Sign up", "Sign out", "Log in", "Log out", "Login", "Logout", "Password", "password",
    "Email", "email", "email address", "Username", "Forgot", "Remember", "Verify", "verification",
    "confirmation", "request", "Account", "account",
    # Short words that never occur in Swedish
    "of", "and", "the", "The", "with", "your", "Your", "you", "You", "this", "This", "are", "has",
    "have", "from", "which", "will", "must", "should", "field", "Field", "characters", "Enter", "enter",
]  # fmt: skip

# Proper names that happen to spell an English word.
ALLOWED = {
    "English",  # the language chooser names each language in itself
}
# Data, not interface: the checklist template's English titles and guidance, which the operator edits
# (and reads, once published) in the admin beside the Swedish ones.
ENGLISH_DATA = {" ".join(text.split()) for step in STEPS for text in (step[4][1], step[5][1])}

WORDS = re.compile(r"(?<![\w@./])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w@-])")
# The attributes a person sees or hears.
SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "aria-description", "aria-placeholder"}
BUTTON_INPUTS = {"submit", "button", "reset"}
HIDDEN_TAGS = {"script", "style", "template", "textarea"}


class _Reader(HTMLParser):
    """Collects what a person sees or hears of a page: its text outside scripts and styles, and the
    attributes above (and the value of a button). The text in a text area is what was typed: data."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        values = dict(attrs)
        for name, value in values.items():
            if name in SHOWN_ATTRIBUTES and value:
                self.parts.append(value)
        if tag == "input" and values.get("type") in BUTTON_INPUTS and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def shown_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return "\n".join(" ".join(part.split()) for part in reader.parts)


def english_words(html: str) -> list[str]:
    """The English words in what a page shows, each with the line around it."""
    found = []
    for line in shown_text(html).splitlines():
        if line in ENGLISH_DATA:
            continue
        for match in WORDS.finditer(line):
            if match[1] not in ALLOWED:
                found.append(f"{match[1]!r} in {line[:120]!r}")
    return found


def _english_on(client, paths) -> list[str]:
    """The English words on each page of `paths` that answers with HTML."""
    wrong = []
    for path in paths:
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        wrong.extend(f"{path}: {found}" for found in english_words(response.content.decode()))
    return wrong


def test_the_reader_sees_text_and_shown_attributes_but_not_scripts():
    html = (
        '<p>Spara <b>nu</b></p><script>var Save = 1;</script><input type="submit" value="Save">'
        '<input type="hidden" value="Delete"><a title="Next" aria-label="Back">x</a><img alt="Home">'
    )

    assert sorted(w.split("'")[1] for w in english_words(html)) == ["Back", "Home", "Next", "Save"]


def test_swedish_words_and_addresses_are_not_english():
    assert english_words("<p>Be parterna godkänna. Logga in med anna@the.example, Sida 1 av 2.</p>") == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_english_on_our_pages(world, persona):  # noqa: F811 - the fixture
    client = visit(world, persona)
    paths = []
    for name, entry in TABLE.items():
        if entry.get[persona] == 200:
            paths.append(reverse(name, kwargs=entry.kwargs(world)))
    wrong = _english_on(client, paths)
    assert not wrong, f"English on the pages {persona} sees:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("persona", ["anonymous", "alice"])
def test_no_english_on_allauth_pages(world, persona):  # noqa: F811 - the fixture
    client = visit(world, persona)
    paths = [path for pattern in patterns_of(ACCOUNT_RULE) if (path := sample_path(pattern))]
    wrong = _english_on(client, paths)
    assert not wrong, f"English on allauth's pages as {persona}:\n  " + "\n  ".join(wrong)


def test_no_english_in_the_admin(world):  # noqa: F811 - the fixture
    operator = get_user_model().objects.create_superuser(email="operator@example.test", password="x")
    client = Client()
    client.force_login(operator)
    index = client.get(reverse("admin:index"))
    lists = sorted(set(re.findall(r'href="(/admin/\w+/\w+/)"', index.content.decode())))
    paths = [reverse("admin:index"), *lists, *(f"{path}add/" for path in lists)]
    for path in lists:  # one object's page of each list that has one
        first = re.search(rf'href="({path}\d+/change/)', client.get(path).content.decode())
        if first:
            paths.append(first[1])
    wrong = _english_on(client, paths)
    assert not wrong, "English in the admin:\n  " + "\n  ".join(wrong)


def test_a_choice_list_offers_a_swedish_empty_choice():
    with translation.override("sv"):
        blank = models.CharField(choices=[("a", "A")], blank=True).formfield().choices[0]

    assert blank == ("", "– Välj –")
