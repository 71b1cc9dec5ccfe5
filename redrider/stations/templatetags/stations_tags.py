from django import template

from redrider.stations.hours import in_words

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:code }}`: a dict look-up in templates."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def hours_words(pattern):
    """`{{ station.opening_hours|hours_words }}`: the opening hours in the reader's words."""
    return in_words(pattern)
