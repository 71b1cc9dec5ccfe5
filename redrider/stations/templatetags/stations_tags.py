from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:code }}`: a dict look-up in templates."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
