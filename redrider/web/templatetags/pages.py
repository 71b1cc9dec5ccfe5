"""Template tags that hand data to the page modules without inline script.

`{% json_strings "appeal-strings" located=_("已定位") ... %}` writes the translated strings as a
`<script type="application/json">` block, which the Content-Security-Policy allows (it is data,
never run); the module reads it with `strings("appeal-strings")` from web/lib.js.
"""

from __future__ import annotations

from django import template
from django.utils.html import json_script

register = template.Library()


@register.simple_tag
def json_strings(element_id: str, **strings):
    return json_script({key: str(value) for key, value in strings.items()}, element_id)
