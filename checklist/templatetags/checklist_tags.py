from django import template

from checklist.rules import status_for_request
from checklist.steps import key_for_url_name, step_url

register = template.Library()


def _current_step_key(request, status):
    """The step the page belongs to: the step page's own, or the registered step owning the page."""
    match = request.resolver_match
    if match is None:
        return None
    if match.url_name == "step_detail":
        step = status.for_number(match.kwargs.get("number"))
        return step.step.key if step else None
    return key_for_url_name(match.url_name)


@register.inclusion_tag("checklist/_nav.html", takes_context=True)
def checklist_nav(context, collaboration):
    request = context["request"]
    status = status_for_request(request, collaboration)
    current = _current_step_key(request, status)
    items = [
        {"status": s, "url": step_url(collaboration, s.step), "current": s.step.key == current}
        for s in status.steps
    ]
    overview = request.resolver_match and request.resolver_match.url_name == "collaboration_detail"
    return {"collaboration": collaboration, "checklist": status, "items": items, "overview": overview}


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
