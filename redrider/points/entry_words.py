"""A rider's points movements in words: where each point came from or went, never a source key.

A ledger transaction names its origin by a key (`activity:107`, `item:1`, `tipoff:9`,
`demo:welcome`) so the ledger can be checked; a rider reads "参加活动「急救培训」",
"兑换「矿泉水 × 1」", "线索查实奖励", "新人欢迎积分". The titles of activities are fetched in one
query per page of movements.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from redrider.activities.models import Activity

from .choices import TransactionKind


def _split(source: str) -> tuple[str, int | None]:
    kind, _sep, ident = (source or "").partition(":")
    return kind, int(ident) if ident.isdigit() else None


def entries_in_words(entries) -> list[dict]:
    """For each ledger entry of a rider: `{"amount", "words", "at"}` (at: the transaction time)."""
    entries = list(entries)
    activity_ids = {
        ident
        for e in entries
        for kind, ident in [_split(e.transaction.source)]
        if kind == "activity" and ident
    }
    titles = dict(Activity.objects.filter(pk__in=activity_ids).values_list("pk", "title"))
    out = []
    for e in entries:
        tx = e.transaction
        kind, ident = _split(tx.source)
        if tx.kind == TransactionKind.REVERSAL:
            words = _("更正：撤回一笔积分")
        elif tx.kind == TransactionKind.EXPIRY:
            words = _("积分到期")
        elif kind == "activity":
            title = titles.get(ident)
            words = _("参加活动「{title}」").format(title=title) if title else _("参加活动")
        elif kind == "item":
            words = _("兑换「{what}」").format(what=tx.memo) if tx.memo else _("兑换物品")
        elif kind == "tipoff":
            words = _("线索查实奖励")
        elif kind == "demo":
            words = _("新人欢迎积分")
        else:
            words = str(tx.get_kind_display())
        out.append({"amount": e.amount, "words": words, "at": tx.created_at})
    return out
