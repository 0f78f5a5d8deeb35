"""The PDF renderer fetches the application's own assets and nothing else, whatever users type."""

import socket
import urllib.request

import pytest

from agreements import services
from agreements.rendering import ASSET_BASE_URL, AssetFetcher, AssetRefused, asset_path, html_to_pdf
from checklist.rules import checklist_status
from collaborations.models import ProblemDescription
from tests.agreements.arrange import pdf_text

HOSTILE_TEXT = (
    'Otrygghet. <img src="file:///etc/passwd"> <link rel=stylesheet href="http://127.0.0.1:1/x.css"> '
    "<style>body { background: url(http://127.0.0.1:1/y.png) }</style> "
    '<p style="background-image: url(file:///etc/shadow)">x</p> '
    "@import url(https://example.com/z.css);"
)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x.css",
        "https://example.com/agreement.css",
        "data:text/css,body{}",
        "ftp://example.com/a.css",
        ASSET_BASE_URL + "../../../../etc/passwd",
        ASSET_BASE_URL + "%2e%2e/%2e%2e/settings.py",
        ASSET_BASE_URL + "fonts/../../agreements/agreement.css",
        ASSET_BASE_URL + "fonts/README.md",
        ASSET_BASE_URL + "agreement.css?x=1",
        ASSET_BASE_URL + "missing.css",
        ASSET_BASE_URL,
        "https://assets.samverkan.invalid/static/css/samverkan.css",
        "https://assets.samverkan.invalid.example.com/agreements/agreement.css",
    ],
)
def test_everything_but_our_own_assets_is_refused(url):
    with pytest.raises(AssetRefused):
        AssetFetcher().fetch(url)


def test_own_stylesheet_and_font_are_served_with_their_type():
    css = AssetFetcher().fetch(ASSET_BASE_URL + "agreement.css")
    font = AssetFetcher().fetch(ASSET_BASE_URL + "fonts/noto-sans-latin-400-normal.woff")

    assert (css.content_type, font.content_type) == ("text/css", "font/woff")
    assert b"@font-face" in css.read()
    assert asset_path(ASSET_BASE_URL + "agreement-print.css").name == "agreement-print.css"


@pytest.fixture
def spies(monkeypatch):
    """What the renderer's fetcher was asked for, and any attempt to open a URL or a connection."""
    asked, opened, connected = [], [], []
    original = AssetFetcher.fetch

    def fetch(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(AssetFetcher, "fetch", fetch)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda self, *a, **k: opened.append(a))
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connected.append(address))
    return asked, opened, connected


def test_markup_in_user_text_makes_no_request_and_reads_no_file(collaboration, alice, spies):
    asked, opened, connected = spies
    ProblemDescription.objects.create(collaboration=collaboration, version=1, text=HOSTILE_TEXT)

    document = services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=alice
    )

    assert asked and all(url.startswith(ASSET_BASE_URL) for url in asked), asked
    assert not any(word in url for url in asked for word in ("passwd", "shadow", "127.0.0.1", "example"))
    assert (opened, connected) == ([], [])
    # The markup is printed as the text the user typed.
    assert '<img src="file:///etc/passwd">' in pdf_text(document.pdf)


def test_markup_that_did_reach_the_renderer_would_still_fetch_nothing(spies):
    """Defence in depth: even unescaped HTML cannot make the fetcher leave our folder."""
    asked, opened, connected = spies
    html = (
        f'<html lang="sv"><head><title>T</title><link rel="stylesheet" href="{ASSET_BASE_URL}agreement.css">'
        '<link rel="stylesheet" href="http://127.0.0.1:1/x.css"></head>'
        '<body><img src="file:///etc/passwd"><p style="background: url(http://127.0.0.1:1/y.png)">x</p>'
        '<img src="../../../settings.py"></body></html>'
    )

    html_to_pdf(html)

    refused = [url for url in asked if not url.startswith(ASSET_BASE_URL) or "settings.py" in url]
    assert sorted(refused) == sorted(
        [
            "http://127.0.0.1:1/x.css",
            "file:///etc/passwd",
            "http://127.0.0.1:1/y.png",
            "https://assets.samverkan.invalid/settings.py",
        ]
    )
    assert (opened, connected) == ([], [])
