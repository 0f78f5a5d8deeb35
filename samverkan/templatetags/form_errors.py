"""`{% form_error_summary as errors %}`: the errors of every failed form on the page (base.html shows
them in one summary at the top and puts "Fel:" in the page's title)."""

from django import template

from samverkan.forms import error_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def form_error_summary(context):
    return error_summary(context.flatten().values())
