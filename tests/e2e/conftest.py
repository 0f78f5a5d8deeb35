"""Browser-test harness: Debian's Chromium driven by Playwright against pytest-django's live server.

- `browser` (session): one headless Chromium for the whole run. Every test in this folder is skipped,
  with a reason saying so, when /usr/bin/chromium is missing (`scripts/install-browser` installs it),
  so `make test` still passes on a machine without it.
- `page_for(persona)`: a page in a fresh browser context per persona, so two people never share
  cookies or a session. Asking again for the same persona returns the same page.
- `check_accessibility(page, name)`: runs axe-core (WCAG 2.0/2.1 A and AA) on the page and fails,
  listing every violation of impact serious or critical.
- `save_screenshots(page, name)`: full-page screenshots 375 px and 1280 px wide in `screenshots/` at
  the repository root (git-ignored).

Tests here need `pytest.mark.browser` and `pytest.mark.django_db(transaction=True)` (the live server
runs in another thread and must see committed data).

Static files: pytest-django's live server wraps the app in django.contrib.staticfiles'
StaticFilesHandler, which serves /static/ through the finders (STATICFILES_DIRS and app folders) —
`collectstatic` is not needed. `assert_styles_loaded` checks that Bootstrap and our CSS really apply.
"""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SKIP_REASON = (
    f"Chromium is not installed at {CHROMIUM}: browser tests skipped "
    "(run scripts/install-browser as root to install Debian's chromium)."
)
E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
SCREENSHOT_DIR = REPO_ROOT / "screenshots"
AXE_JS = E2E_DIR / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
# Every wait in these tests waits for an outcome (a URL, a text, an element); on a busy machine a page
# can take many seconds, so the limit for actions, navigations and `expect` is generous: it only decides
# how long a real failure takes to be reported.
DEFAULT_TIMEOUT_MS = 60_000
# Chromium asks for /favicon.ico on its own; the app has none (reported separately), not a page error.
IGNORED_MISSING = ("/favicon.ico",)
# Resources a navigation may cancel while they load: the icon and images, never documents or scripts.
ABORTABLE_RESOURCES = ("image", "other")


def pytest_collection_modifyitems(config, items):
    """Skip every test in this folder, and any test marked `browser`, when Chromium is missing."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents or item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    # Playwright's sync API runs an event loop in this thread; without this Django refuses ORM calls
    # from the test body ("You cannot call this from an async context").
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)  # Playwright's own default for `expect` is 5 s
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class BrowserProblems:
    """What went wrong in a page besides the test's own assertions: JavaScript errors, console errors
    (failed resources, CSP reports) and HTTP errors."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("pageerror", self._on_page_error)
        page.on("console", self._on_console)
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    def _on_page_error(self, error):
        self.errors.append(f"JavaScript error: {error}")

    def _on_console(self, message):
        url = (message.location or {}).get("url", "")
        if message.type == "error" and not url.endswith(IGNORED_MISSING):
            self.errors.append(f"console.error: {message.text} ({url})")

    def _on_response(self, response):
        if response.status >= 400 and not response.url.endswith(IGNORED_MISSING):
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def _on_request_failed(self, request):
        # A request the browser itself cancelled because the page moved on (a test that follows a link
        # while the icon is still loading) is not a fault of the page; every other failure is.
        if request.failure == "net::ERR_ABORTED" and request.resource_type in ABORTABLE_RESOURCES:
            return
        self.errors.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture
def page_for(browser, live_server) -> Iterator[Callable]:
    """`page_for("anna")` gives Anna's page; each persona gets its own browser context (cookies,
    session, storage). Pages have `base_url` set to the live server, so `page.goto("/konto/login/")`
    works. `page_for.problems(page)` lists JavaScript/console/HTTP errors seen on that page."""
    contexts = []
    pages = {}
    problems = {}

    def make(persona: str = "anonymous"):
        if persona in pages:
            return pages[persona]
        context = browser.new_context(
            base_url=live_server.url,
            # The app's CSP (script-src 'self' + nonce) would refuse the injected axe script.
            bypass_csp=True,
            locale="sv-SE",
            timezone_id="Europe/Stockholm",
            viewport=DESKTOP,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        problems[persona] = BrowserProblems(page)
        pages[persona] = page
        return page

    def problems_of(page) -> list[str]:
        for persona, candidate in pages.items():
            if candidate is page:
                return problems[persona].errors
        raise KeyError("page was not made by page_for")

    make.problems = problems_of
    yield make
    for context in contexts:
        context.close()


def _format_violation(violation: dict) -> str:
    lines = [
        f"- {violation['id']} ({violation['impact']}): {violation['help']}",
        f"  {violation['helpUrl']}",
    ]
    for node in violation["nodes"]:
        target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
        lines.append(f"    element: {target}")
        lines.append(f"      html: {node['html'][:300]}")
        summary = (node.get("failureSummary") or "").replace("\n", "\n            ")
        lines.append(f"      why: {summary}")
    return "\n".join(lines)


def check_accessibility(page, name: str) -> list[dict]:
    """Run axe-core on the page as it is now. Fails listing every serious or critical violation;
    returns the minor and moderate ones (printed, shown by pytest on failure or with -s)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async (tags) => await window.axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    violations = results["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    other = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    for violation in other:
        print(f"[axe] {name} ({page.url}): not blocking\n{_format_violation(violation)}")
    if blocking:
        details = "\n".join(_format_violation(v) for v in blocking)
        pytest.fail(
            f"Accessibility: {len(blocking)} serious/critical axe violation(s) on '{name}' ({page.url}):\n"
            f"{details}",
            pytrace=False,
        )
    return other


def save_screenshots(page, name: str) -> list[Path]:
    """Save full-page screenshots at 375 px and 1280 px wide as screenshots/<name>-<width>.png, then
    restore the viewport."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    original = page.viewport_size or DESKTOP
    paths = []
    try:
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            path = SCREENSHOT_DIR / f"{name}-{viewport['width']}.png"
            page.screenshot(path=str(path), full_page=True, animations="disabled")
            paths.append(path)
    finally:
        page.set_viewport_size(original)
    return paths


def assert_styles_loaded(page) -> None:
    """Bootstrap's and our stylesheets loaded and apply (a missing static file fails silently in a
    browser, so look at computed styles)."""
    styles = page.evaluate(
        """() => {
            const root = getComputedStyle(document.documentElement);
            const skip = document.querySelector('.skip-link');
            return {
                bootstrapBlue: root.getPropertyValue('--bs-blue').trim(),
                accent: root.getPropertyValue('--sv-accent').trim(),
                skipLinkWidth: skip ? getComputedStyle(skip).width : null,
                bodyMargin: getComputedStyle(document.body).margin,
                sheets: [...document.styleSheets].map(s => s.href),
            };
        }"""
    )
    assert styles["bootstrapBlue"] == "#0d6efd", f"Bootstrap CSS did not load: {styles}"
    assert styles["accent"] == "#1f4e79", f"static/css/samverkan.css did not load: {styles}"
    assert styles["bodyMargin"] == "0px", f"Bootstrap's reboot is not applied: {styles}"
    # .visually-hidden-focusable (Bootstrap) hides the skip link until it has focus.
    assert styles["skipLinkWidth"] == "1px", f"Bootstrap's visually-hidden-focusable not applied: {styles}"


@pytest.fixture(name="check_accessibility")
def check_accessibility_fixture():
    return check_accessibility


@pytest.fixture(name="save_screenshots")
def save_screenshots_fixture():
    return save_screenshots


@pytest.fixture(name="assert_styles_loaded")
def assert_styles_loaded_fixture():
    return assert_styles_loaded
