"""`{% can "app.action" obj as allowed %}`: pages ask the policy, never a role by name."""

from django import template

from ..policy import can as _can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return user is not None and _can(user, action, obj)
