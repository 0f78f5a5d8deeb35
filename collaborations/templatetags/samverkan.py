from django import template

register = template.Library()

# Which item of the collaboration's navigation each page belongs to.
_SECTION_BY_URL_PREFIX = [
    ("problem_", "problem"),
    ("involvement_", "residents"),
    ("party_", "parties"),
    ("mandate_", "mandate"),
    ("goal_", "goal"),
    ("sub_goal_", "goal"),
    ("model_", "model"),
]


@register.simple_tag(takes_context=True)
def nav_section(context) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    url_name = match.url_name if match else ""
    for prefix, section in _SECTION_BY_URL_PREFIX:
        if url_name.startswith(prefix):
            return section
    return "overview"
