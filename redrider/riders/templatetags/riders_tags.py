from django import template

register = template.Library()


@register.filter
def zip_counts(labels, counts):
    """Pairs (label, count) for the per-question tables."""
    return list(zip(labels or [], counts or [], strict=False))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def appeal_categories():
    """The appeal categories an officer may choose when raising a problem as an appeal."""
    from redrider.appeals.choices import AppealCategory

    return AppealCategory.choices
