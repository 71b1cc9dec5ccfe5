"""Template tags other apps' pages use to offer appeal choices (e.g. the census's problem lists)."""

from django import template

from ..choices import AppealCategory

register = template.Library()


@register.simple_tag
def appeal_categories():
    """The appeal categories an officer may choose when raising a problem as an appeal."""
    return AppealCategory.choices
