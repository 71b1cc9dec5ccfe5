"""A case's timeline in words: "已受理", "骑手确认问题已解决", not `accept` or `resolved → confirmed`."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from redrider.appeals.choices import AppealStatus
from redrider.appeals.workflow import APPEAL_FLOW

register = template.Library()

EVENT_WORDS = {
    "submit": _("提交了诉求"),
    "photo": _("添加了照片"),
    "accept": _("受理了诉求"),
    "start": _("开始办理"),
    "resolve": _("办结：问题已解决"),
    "confirm": _("确认问题已解决"),
    "reopen": _("反映问题仍未解决，重新办理"),
    "reject": _("不予受理"),
    "merge": _("与相同问题的诉求合并办理"),
    "merged_in": _("相同问题的诉求并入本件"),
    "me_too": _("又有骑手遇到同样的问题"),
    "escalate": _("超过期限未办，已提交上级督办"),
    "follow_up_asked": _("回访：问题解决后是否还好"),
    "follow_up_answered": _("回复了回访"),
}


@register.filter
def event_words(event: dict) -> str:
    """What happened at one step, in words (an unknown step says its new status)."""
    words = EVENT_WORDS.get(event.get("action", ""))
    if words:
        return str(words)
    return status_words(event.get("to_status")) or str(_("进程更新"))


@register.filter
def status_words(status: str | None) -> str:
    try:
        return str(AppealStatus(status).label) if status else ""
    except ValueError:
        return ""


@register.filter
def notice_words(notice) -> str:
    """A notice in the reader's language: the stored text is the Chinese of the moment it was
    sent (for SMS); the page says the same from its step, keeping only the officer's note."""
    step = APPEAL_FLOW.step(notice.kind)
    if step is None:
        return notice.text
    target = step.target
    _head, sep, note = notice.text.partition("”：")
    values = {"id": notice.appeal_id, "status": status_words(target), "note": note}
    if sep and note:
        return str(_("您的诉求 #%(id)s 状态更新为“%(status)s”：%(note)s") % values)
    return str(_("您的诉求 #%(id)s 状态更新为“%(status)s”") % values)
