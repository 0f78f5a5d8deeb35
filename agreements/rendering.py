"""From an `Agreement` to HTML and to a tagged PDF.

The PDF is rendered by WeasyPrint from agreements/templates/agreements/pdf.html with the stylesheets
in agreements/static/agreements/. WeasyPrint fetches nothing by itself: `AssetFetcher` serves the
files of that one folder and refuses every other URL (http, https, file, data, ftp, paths outside
the folder), so text typed by a user can never make the server fetch a URL or read a file. User text
reaches the templates only as data and is escaped like any template variable.
"""

import functools
import hashlib
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from agreements import clauses
from agreements.drafting import AGREEMENT_LANGUAGE

# Our own assets, under a host name that cannot resolve (RFC 2606): the fetcher answers for it itself.
ASSET_ROOT = Path(__file__).resolve().parent / "static" / "agreements"
ASSET_BASE_URL = "https://assets.samverkan.invalid/agreements/"
ASSET_TYPES = {".css": "text/css", ".woff": "font/woff"}
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

FIXED_CLAUSES = {
    "commitments": clauses.COMMITMENTS_CLAUSE,
    "organisation": clauses.ORGANISATION_CLAUSE,
    "residents": clauses.RESIDENTS_CLAUSE,
    "follow_up": clauses.FOLLOW_UP_CLAUSE,
    "communication": clauses.COMMUNICATION_CLAUSE,
    "personal_data": clauses.PERSONAL_DATA_CLAUSES,
    "co_financing": clauses.CO_FINANCING_CLAUSE,
    "terms": clauses.TERMS_CLAUSE,
    "signatures": clauses.SIGNATURES_CLAUSE,
}


class AssetRefused(ValueError):
    """A URL that the agreement's renderer will not fetch."""


class AssetFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for the agreement: the files in ASSET_ROOT, and nothing else."""

    def __init__(self):
        # Deliberately without URLFetcher's urllib handlers (http, https, ftp, file, data): this fetcher
        # opens nothing, and building them (an SSL context) would cost more than the whole fetch.
        self._fail_on_errors = False

    def fetch(self, url, headers=None):
        path = asset_path(url)
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": ASSET_TYPES[path.suffix]})


def asset_path(url: str) -> Path:
    """The file in ASSET_ROOT that `url` names; AssetRefused for anything else."""
    if not url.startswith(ASSET_BASE_URL):
        raise AssetRefused(f"Not one of the agreement's own assets: {url[:200]}")
    parts = urlsplit(url)
    relative = unquote(url[len(ASSET_BASE_URL) :])
    if parts.query or parts.fragment or not relative or "\\" in relative or "\x00" in relative:
        raise AssetRefused(f"Not one of the agreement's own assets: {url[:200]}")
    if any(segment in ("", ".", "..") for segment in relative.split("/")):
        raise AssetRefused(f"Not one of the agreement's own assets: {url[:200]}")
    path = (ASSET_ROOT / relative).resolve()
    if not path.is_relative_to(ASSET_ROOT) or path.suffix not in ASSET_TYPES or not path.is_file():
        raise AssetRefused(f"Not one of the agreement's own assets: {url[:200]}")
    return path


def render_content(agreement, *, web: bool) -> str:
    """The text of the agreement (sections and signatures) as HTML. With `web`, gaps link to their
    step; without, they name it (the PDF)."""
    with translation.override(AGREEMENT_LANGUAGE):
        return render_to_string(
            "agreements/_content.html", {"agreement": agreement, "web": web, "fixed": FIXED_CLAUSES}
        )


def render_preview(agreement) -> str:
    """The agreement for the preview page: like the PDF, with each gap linking to its step."""
    with translation.override(AGREEMENT_LANGUAGE):
        content = render_content(agreement, web=True)
        return render_to_string(
            "agreements/_preview_document.html",
            {"agreement": agreement, "content": mark_safe(content)},  # noqa: S308 - our template, escaped
        )


def content_hash(content_html: str) -> str:
    """The agreement's version: the SHA-256 of its text as the PDF shows it."""
    return hashlib.sha256(content_html.encode()).hexdigest()


def render_document(agreement, *, content_html, version) -> str:
    """The whole PDF document as HTML: title page, contents, the text, the appendix, and the running
    header and footer. `version` is the AgreementVersion the text is."""
    with translation.override(AGREEMENT_LANGUAGE):
        page_label = format_html(
            _("Page {page} of {pages}"),
            page=mark_safe('<span class="page-number"></span>'),  # noqa: S308 - our own markup
            pages=mark_safe('<span class="page-count"></span>'),  # noqa: S308 - our own markup
        )
        return render_to_string(
            "agreements/pdf.html",
            {
                "agreement": agreement,
                "content": mark_safe(content_html),  # noqa: S308 - rendered by our template, escaped
                "version": version,
                "version_date": timezone.localdate(version.created_at).isoformat(),
                "asset_base": ASSET_BASE_URL,
                "page_label": page_label,
            },
        )


@functools.cache
def renderer_fingerprint() -> str:
    """What besides the HTML shapes the PDF: our stylesheets and fonts, and WeasyPrint's version. A
    stored PDF is rendered again when this changes (a new release), even if the agreement did not."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path in sorted(ASSET_ROOT.rglob("*")):
        if path.is_file() and path.suffix in ASSET_TYPES:
            digest.update(path.relative_to(ASSET_ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def source_hash(document_html: str) -> str:
    """Identifies one rendering: the document's HTML and the renderer's fingerprint."""
    return hashlib.sha256((renderer_fingerprint() + document_html).encode()).hexdigest()


_per_thread = threading.local()


def font_config() -> FontConfiguration:
    """This thread's WeasyPrint font configuration, kept from one render to the next.

    WeasyPrint registers each @font-face once per configuration: it fetches the font (through our
    fetcher, so only from ASSET_ROOT), decodes the WOFF and adds it to Fontconfig. A new configuration
    for every render did that for all eight faces every time (about 35 ms); a kept one does it on the
    first render only, and Pango keeps the fonts it opened. The stylesheets themselves are still
    fetched and parsed for every render. One per thread, because a configuration (its Pango font map)
    must not be used by two threads at once; a thread's configuration and its temporary font folder
    go when the thread ends."""
    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


def html_to_pdf(html: str, *, fetcher=None) -> tuple[bytes, int]:
    """(the PDF, its number of pages): PDF/UA-1, tagged, fonts embedded, language and title set from the
    document's <html lang> and <title>."""
    document = weasyprint.HTML(
        string=html, base_url=ASSET_BASE_URL, url_fetcher=fetcher or AssetFetcher()
    ).render(font_config=font_config(), **PDF_OPTIONS)
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)
