from django import template

register = template.Library()


@register.filter
def zip_counts(labels, counts):
    """Pairs (label, count) for the per-question tables."""
    return list(zip(labels or [], counts or [], strict=False))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
