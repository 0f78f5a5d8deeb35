import hashlib
from pathlib import Path

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from checklist.rules import CACHE_SECONDS, status_for_request
from checklist.steps import key_for_url_name, step_url

register = template.Library()

# The side list's HTML is kept in the cache under a digest of exactly what it shows, and of the
# templates and translations that turn that into HTML (a shared cache kept over a release is not read
# with the old ones).
_NAV_CODE = hashlib.sha256(
    b"".join(
        path.read_bytes()
        for path in (
            Path(__file__),
            Path(__file__).parent.parent / "templates/checklist/_nav.html",
            Path(__file__).parent.parent / "templates/checklist/_progress.html",
            *sorted(Path(settings.BASE_DIR).glob("locale/*/LC_MESSAGES/django.mo")),
        )
    )
).hexdigest()[:12]


def _current_step_key(request, status):
    """The step the page belongs to: the step page's own, or the registered step owning the page."""
    match = request.resolver_match
    if match is None:
        return None
    if match.url_name == "step_detail":
        step = status.for_number(match.kwargs.get("number"))
        return step.step.key if step else None
    return key_for_url_name(match.url_name)


@register.simple_tag(takes_context=True)
def checklist_nav(context, collaboration):
    """The checklist's side list: the sixteen steps, their states and links, on every page of a
    collaboration for the lead's staff. Rendered once per change of what it shows."""
    request = context["request"]
    status = status_for_request(request, collaboration)
    current = _current_step_key(request, status)
    items = [
        {"status": s, "url": step_url(collaboration, s.step), "current": s.step.key == current}
        for s in status.steps
    ]
    overview = bool(request.resolver_match and request.resolver_match.url_name == "collaboration_detail")
    shown = (
        get_language(),
        reverse("collaboration_detail", args=[collaboration.pk]),
        overview,
        status.template.version if status.template else None,
        status.progress_text,
        status.done_count,
        status.total,
        [
            (
                item["url"],
                item["current"],
                s.state,
                s.is_next,
                str(s.label),
                s.step.number,
                s.step.title,
                s.step.is_continuation,
            )
            for item in items
            for s in [item["status"]]
        ],
    )
    key = f"checklist-nav:{_NAV_CODE}:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "checklist/_nav.html",
            {"collaboration": collaboration, "checklist": status, "items": items, "overview": overview},
        )
        cache.set(key, html, CACHE_SECONDS)
    return html  # a SafeString, also as kept in the cache (pickled with its class)


@register.inclusion_tag("checklist/_step_header.html", takes_context=True)
def step_header(context, collaboration):
    """Number, title, state, guidance and the not-applicable control of the step this page belongs to."""
    request = context["request"]
    status = status_for_request(request, collaboration)
    key = _current_step_key(request, status)
    step_status = next((s for s in status.steps if s.step.key == key), None)
    return {
        "collaboration": collaboration,
        "checklist": status,
        "step_status": step_status,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("checklist/_progress.html")
def checklist_progress(status):
    return {"checklist": status}
