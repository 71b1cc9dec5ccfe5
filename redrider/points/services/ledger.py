"""The ledger core: accounts, balanced transactions, awards by rule, reversals, funds."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from redrider.accounts.choices import Role
from redrider.accounts.models import User
from redrider.accounts.policy import can, is_rider
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from redrider.regions import tree
from redrider.regions.models import Region
from redrider.regions.types import known_region

from ..choices import (
    CONFIDENTIAL_RULES,
    DERIVED_BALANCE,
    NEGATIVE_ALLOWED,
    POINTS_PER_YUAN,
    AccountKind,
    TransactionKind,
)
from ..models import Account, EarningRule, Entry, Fund, Transaction

MAX_AWARD = 100_000  # one award above this is a typo, not a deed

SYSTEM_NAMES = {
    AccountKind.ISSUANCE: "积分发行",
    AccountKind.REDEMPTION: "兑换核销",
    AccountKind.EXPIRY: "积分过期",
}


def require_staff_over(actor: User | None, region_code: str, action: str = "points.manage") -> None:
    """Refuse (403) unless the policy allows `actor` the `action` and their scope contains the
    region (404 otherwise).

    The region must be a node of the tree (422 `unknown_region` otherwise); another region
    answers 404.
    """
    known_region(region_code, field="region_code")
    scope = tree.user_region(actor)
    if actor is None or scope is None or not can(actor, action):
        raise PermissionDenied()
    if not tree.within(region_code, scope):
        raise NotFound("区划", "region")


def system_account(kind: str) -> Account:
    """The single issuance, redemption or expiry account (created on first use)."""
    if kind not in SYSTEM_NAMES:
        raise ValueError(kind)
    # One plain read on the hot path; the savepoint of get_or_create only on first use.
    account = Account.objects.filter(code=str(kind)).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            account, _ = Account.objects.get_or_create(
                code=str(kind), defaults={"kind": kind, "name": SYSTEM_NAMES[AccountKind(kind)]}
            )
    except IntegrityError:  # a concurrent first use created it
        account = Account.objects.get(code=str(kind))
    return account


def require_rider(user) -> None:
    """422 unless `user` is a rider (only riders hold a points account)."""
    if user is None or not is_rider(user):
        raise InvalidInput(
            "not_a_rider", "只有骑手拥有积分账户", "only riders hold a points account"
        )


def account_for_rider(user) -> Account:
    """The rider's points account (opened on first use). Only riders hold one."""
    require_rider(user)
    account = Account.objects.filter(user=user).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(
                kind=AccountKind.RIDER, code=f"rider:{user.pk}", user=user, name=user.label
            )
    except IntegrityError:
        return Account.objects.get(user=user)


def _lock(account_ids) -> dict[int, Account]:
    """Lock the accounts in primary-key order (no deadlock between two postings).

    Sink accounts (`DERIVED_BALANCE`) are never locked and are absent from the result: their
    balance is derived from entries, so postings to them never wait for each other.
    """
    rows = (
        Account.objects.select_for_update()
        .filter(pk__in=set(account_ids))
        .exclude(kind__in=list(DERIVED_BALANCE))
        .order_by("pk")
    )
    return {a.pk: a for a in rows}


def account_balance(account: Account) -> int:
    """An account's balance: the cache, or the sum of entries for a sink (`DERIVED_BALANCE`)."""
    if account.kind in DERIVED_BALANCE:
        return Entry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0
    return account.balance


def post_transaction(
    *,
    kind: str,
    region_code: str,
    lines: list[tuple[Account, int]],
    actor: User | None = None,
    rider=None,
    rule: EarningRule | None = None,
    rule_code: str = "",
    source: str = "",
    memo: str = "",
    reverses: Transaction | None = None,
    idempotency_key: str | None = None,
    locked: dict[int, Account] | None = None,
    confidential: bool = False,
) -> Transaction:
    """Insert one balanced transaction and move the cached balances with it.

    Before: called inside `transaction.atomic()`; `lines` are (account, signed amount), none
    zero, summing to zero. After: the transaction, its entries and every touched cached balance
    are written together, or `Conflict` (409) is raised and nothing is — when a debit would take
    an account other than issuance below zero (`insufficient_points` for riders,
    `fund_exhausted` for funds). `locked` passes accounts the caller already locked (sinks need
    not be among them). Sinks (`DERIVED_BALANCE`) get their entry only: no lock, no cached
    balance; a sink may be debited only by a reversal (`reverses` set), the mirror of a credit.
    `confidential` marks a movement that derives from a confidential person (DESIGN §4 rule 7);
    a reversal is always as confidential as what it mirrors.
    """
    if not lines or any(amount == 0 for _, amount in lines) or sum(a for _, a in lines) != 0:
        raise ValueError("a transaction needs non-zero lines that sum to zero")
    derived = {a.pk for a, _ in lines if a.kind in DERIVED_BALANCE}
    accounts = (
        locked if locked is not None else _lock(a.pk for a, _ in lines if a.pk not in derived)
    )
    deltas: dict[int, int] = {}
    for account, amount in lines:
        deltas[account.pk] = deltas.get(account.pk, 0) + amount
    for pk in sorted(deltas):
        delta = deltas[pk]
        if pk in derived:
            if delta < 0 and reverses is None:
                raise ValueError("a sink account is debited only by the reversal of its credit")
            continue
        account = accounts[pk]
        if delta < 0 and account.kind not in NEGATIVE_ALLOWED and account.balance + delta < 0:
            raise _shortfall(account, -delta)
        # Conditional as well as locked: the database refuses a negative balance on its own.
        rows = Account.objects.filter(pk=pk)
        if delta < 0 and account.kind not in NEGATIVE_ALLOWED:
            rows = rows.filter(balance__gte=-delta)
        if rows.update(balance=F("balance") + delta) != 1:
            raise _shortfall(account, -delta)
        account.balance += delta
    amount = sum(a for _, a in lines if a > 0)
    tx = Transaction.objects.create(
        kind=kind,
        region_code=region_code,
        rule=rule,
        rule_code=rule_code or (rule.code if rule else ""),
        source=source,
        memo=memo[:255],
        rider=rider,
        amount=amount,
        actor=actor if getattr(actor, "pk", None) else None,
        reverses=reverses,
        idempotency_key=idempotency_key,
        confidential=confidential or bool(reverses is not None and reverses.confidential),
    )
    Entry.objects.bulk_create([Entry(transaction=tx, account=a, amount=n) for a, n in lines])
    return tx


def _shortfall(account: Account, needed: int) -> Conflict:
    if account.kind == AccountKind.FUND:
        return Conflict(
            "fund_exhausted",
            f"基金「{account.name}」余额不足",
            f"the fund {account.code} has too few points left",
            needed=needed,
            available=account.balance,
        )
    return Conflict(
        "insufficient_points",
        f"积分不足：需要 {needed}，余额 {account.balance}",
        f"not enough points: {needed} needed, {account.balance} available",
        needed=needed,
        available=account.balance,
    )


def _region_chain(region_code: str) -> list[str]:
    """The region and its ancestors, most specific first (510114 → 510114, 510100, 510000)."""
    return [region_code, *tree.ancestors(region_code)]


def rule_resolve(*, rule_code: str, region_code: str) -> EarningRule:
    """The active earning rule for `rule_code` in a region: most specific region first, then the
    plain code (`activity_checkin.first_aid` → `activity_checkin`). 422 when none applies."""
    codes = [rule_code] + ([rule_code.split(".", 1)[0]] if "." in rule_code else [])
    chain = _region_chain(region_code)
    rules = {
        (r.code, r.region_code): r
        for r in EarningRule.objects.filter(
            code__in=codes, region_code__in=chain, active=True
        ).select_related("fund")
    }
    for code in codes:
        for region in chain:
            if (code, region) in rules:
                return rules[(code, region)]
    raise InvalidInput(
        "no_earning_rule",
        f"本地区没有「{rule_code}」积分规则",
        f"no earning rule {rule_code!r} applies in {region_code}",
    )


def fund_for(*, rule: EarningRule, region_code: str) -> Fund:
    """The rule's fund, else the nearest active fund up the region tree (409 when none)."""
    if rule.fund is not None and rule.fund.active:
        return rule.fund
    chain = _region_chain(region_code)
    funds = {
        f.region_code: f
        for f in Fund.objects.filter(region_code__in=chain, active=True)
        .select_related("account")
        .order_by("pk")
    }
    for region in chain:
        if region in funds:
            return funds[region]
    raise Conflict(
        "no_fund", "本地区没有可用的积分基金", f"no active points fund covers {region_code}"
    )


def _month_start(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _replay_award(existing: Transaction, *, rider_user, rule_code: str, source: str) -> Transaction:
    if (
        existing.rider_id != rider_user.pk
        or existing.source != source
        or not (existing.rule_code == rule_code or rule_code.startswith(existing.rule_code + "."))
    ):
        raise InvalidInput(
            "idempotency_key_reused",
            "该幂等键已用于另一笔积分",
            "this idempotency key was used for another movement",
        )
    return existing


def points_award(
    *,
    actor: User | None,
    rider_user,
    rule_code: str,
    source: str,
    region_code: str,
    amount: int | None = None,
    idempotency_key: str,
    confidential: bool = False,
) -> Transaction:
    """Award points to a rider under the region's earning rule, paid by a fund.

    Before: `rider_user` is an active rider; `source` names the deed ("activity:12",
    "tipoff:7"); `region_code` is where it happened. `amount` None means the rule's points.
    `confidential` is for a deed whose doer must stay hidden (a founded tip-off's informant,
    DESIGN §4 rule 7): the transaction is marked so, and its audit row names neither the rider
    nor the source.
    After: one `award` transaction fund → rider naming its rule and source, clipped to what is
    left of the rider's monthly cap for the rule. Idempotent: the same `idempotency_key` returns
    the first transaction (the same key for another rider/rule/source answers 422).
    Refusals: 422 no rule / bad amount / a rule of `CONFIDENTIAL_RULES` without `confidential`,
    409 monthly cap reached / fund exhausted / no fund.
    """
    if not confidential and rule_code.split(".", 1)[0] in CONFIDENTIAL_RULES:
        raise InvalidInput(
            "confidential_rule",
            "该规则的积分只能由线索核查发放",
            "awards under this rule are made only by verifying a tip-off",
        )
    if not idempotency_key or len(idempotency_key) > 160:
        raise InvalidInput(
            "idempotency_key_required", "缺少幂等键", "an idempotency key is required"
        )
    if not source or len(source) > 64:
        raise InvalidInput("source_required", "积分须注明来源", "every award must name its source")
    if amount is not None and (
        not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0 or amount > MAX_AWARD
    ):
        raise InvalidInput(
            "invalid_amount",
            f"积分须为 1–{MAX_AWARD} 的整数",
            f"amount must be an integer 1–{MAX_AWARD}",
        )
    if not getattr(rider_user, "is_active", False):
        raise InvalidInput("rider_inactive", "骑手账号已停用", "the rider's account is inactive")
    if not Region.objects.filter(code=region_code).exists():
        raise InvalidInput("invalid_region", "行政区划代码无效", "unknown region code")
    with transaction.atomic():
        existing = Transaction.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replay_award(
                existing, rider_user=rider_user, rule_code=rule_code, source=source
            )
        rule = rule_resolve(rule_code=rule_code, region_code=region_code)
        fund = fund_for(rule=rule, region_code=region_code)
        rider_account = account_for_rider(rider_user)
        locked = _lock([rider_account.pk, fund.account_id])
        # Awards to one rider serialise on the lock above, so a concurrent retry sees the first.
        existing = Transaction.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replay_award(
                existing, rider_user=rider_user, rule_code=rule_code, source=source
            )
        wanted = rule.points if amount is None else amount
        granted = wanted
        if rule.monthly_cap:
            earned = (
                Transaction.objects.filter(
                    rider=rider_user,
                    kind=TransactionKind.AWARD,
                    rule__code=rule.code,
                    created_at__gte=_month_start(timezone.now()),
                    reversed_by__isnull=True,
                ).aggregate(total=Sum("amount"))["total"]
                or 0
            )
            granted = min(wanted, rule.monthly_cap - earned)
            if granted <= 0:
                raise Conflict(
                    "monthly_cap_reached",
                    f"本月「{rule.name}」积分已达上限 {rule.monthly_cap}",
                    f"monthly cap of {rule.monthly_cap} reached for {rule.code}",
                )
        try:
            with transaction.atomic():
                tx = post_transaction(
                    kind=TransactionKind.AWARD,
                    region_code=region_code,
                    rule=rule,
                    rule_code=rule_code,
                    source=source,
                    rider=rider_user,
                    actor=actor,
                    memo=rule.name
                    if granted == wanted
                    else f"{rule.name}（本月上限，{wanted}→{granted}）",
                    lines=[
                        (locked[fund.account_id], -granted),
                        (locked[rider_account.pk], granted),
                    ],
                    idempotency_key=idempotency_key,
                    locked=locked,
                    confidential=confidential,
                )
        except IntegrityError:  # the same key raced in for another rider
            existing = Transaction.objects.get(idempotency_key=idempotency_key)
            return _replay_award(
                existing, rider_user=rider_user, rule_code=rule_code, source=source
            )
        detail: dict = {"rule": rule.code, "amount": granted}
        if confidential:
            detail["confidential"] = True
        else:
            detail.update(source=source, rider=rider_user.pk)
        audit_record(
            actor=actor, action="points.award", obj=tx, region_code=region_code, detail=detail
        )
        return tx


def points_award_manual(
    *,
    actor: User,
    rider_id: int,
    rule_code: str,
    source: str,
    region_code: str,
    amount: int | None = None,
) -> Transaction:
    """A staff member awards points by hand under a rule (county staff and above over the
    region: 403/404 otherwise, checked first).

    `rider_id` names a rider's account (404 for any other id). The deed is this request: each
    call is a new award under a fresh ledger key — the API makes a retried request safe
    (`@idempotent`), not the ledger. Refusals as `points_award`.
    """
    require_staff_over(actor, region_code)
    rider = User.objects.filter(pk=rider_id, role=Role.RIDER).first()
    if rider is None:
        raise NotFound("骑手", "rider")
    return points_award(
        actor=actor,
        rider_user=rider,
        rule_code=rule_code,
        source=source,
        region_code=region_code,
        amount=amount,
        idempotency_key=f"staff:{actor.pk}:{uuid.uuid4().hex}",
    )


def points_reverse(
    *, actor: User | None, transaction_id: int, reason: str, internal: bool = False
) -> Transaction:
    """Correct a transaction by its exact mirror (冲正); the only way to undo a movement.

    Before: the transaction exists in the actor's region, is not a reversal and was not reversed.
    After: a `reversal` transaction with every entry negated, linked by `reverses`. 409 when the
    mirror would take a balance below zero (the rider already spent the points) or when it is a
    redemption (orders are cancelled instead, which also returns the stock). `internal` lets the
    rewards service reverse its own redemptions.
    """
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required", "冲正须说明原因", "a reversal needs a reason")
    with transaction.atomic():
        original = Transaction.objects.filter(pk=transaction_id).first()
        if original is None:
            raise NotFound("积分流水", "transaction")
        if not internal:
            require_staff_over(actor, original.region_code)
            if original.kind == TransactionKind.REDEMPTION:
                raise Conflict(
                    "reverse_by_cancel",
                    "兑换须通过取消订单冲正",
                    "redemptions are reversed by cancelling the order",
                )
        if original.kind == TransactionKind.REVERSAL:
            raise Conflict(
                "cannot_reverse_reversal", "冲正记录不能再冲正", "a reversal cannot be reversed"
            )
        entries = list(original.entries.select_related("account"))
        locked = _lock(e.account_id for e in entries)
        if Transaction.objects.filter(reverses=original).exists():
            raise Conflict(
                "already_reversed", "该流水已冲正", "this transaction was already reversed"
            )
        try:
            with transaction.atomic():
                tx = post_transaction(
                    kind=TransactionKind.REVERSAL,
                    region_code=original.region_code,
                    actor=actor,
                    rider=original.rider,
                    rule=original.rule,
                    rule_code=original.rule_code,
                    source=original.source,
                    memo=reason,
                    reverses=original,
                    lines=[(locked.get(e.account_id, e.account), -e.amount) for e in entries],
                    locked=locked,
                )
        except IntegrityError:  # a concurrent reversal won the one-to-one link
            raise Conflict(
                "already_reversed", "该流水已冲正", "this transaction was already reversed"
            ) from None
        audit_record(
            actor=actor,
            action="points.reverse",
            obj=tx,
            region_code=original.region_code,
            detail={"reverses": original.pk, "reason": reason[:200]},
        )
        return tx


# The fund's column holds 12 digits with 2 decimals: at most 9,999,999,999.99 yuan.
MAX_BUDGET_YUAN = Decimal("9999999999.99")


def _budget(value: Decimal | int | float | str) -> Decimal:
    """A budget in yuan: finite, positive, at most MAX_BUDGET_YUAN, in whole fen; else 422."""
    try:
        budget = Decimal(str(value)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError):
        budget = Decimal(0)
    if not budget.is_finite() or not Decimal(0) < budget <= MAX_BUDGET_YUAN:
        raise InvalidInput(
            "invalid_budget",
            f"预算须为 0.01–{MAX_BUDGET_YUAN:,} 元",
            f"the budget must be 0.01–{MAX_BUDGET_YUAN:,} yuan",
            field="budget_yuan",
        )
    return budget


@transaction.atomic
def fund_create(*, actor: User, name: str, region_code: str, budget_yuan: Decimal | int) -> Fund:
    """Open a fund in a region and grant it its budget (yuan × POINTS_PER_YUAN points).

    Only province/prefecture staff over the region (or the demo seeder, actor None is refused).
    """
    require_staff_over(actor, region_code, "points.administer")
    name = (name or "").strip()
    budget = _budget(budget_yuan)
    if not name:
        raise InvalidInput(
            "invalid_fund", "基金名称和预算须有效", "a fund needs a name and a positive budget"
        )
    if not Region.objects.filter(code=region_code).exists():
        raise InvalidInput("invalid_region", "行政区划代码无效", "unknown region code")
    return _fund_open(actor=actor, name=name, region_code=region_code, budget_yuan=budget)


@transaction.atomic
def _fund_open(*, actor: User, name: str, region_code: str, budget_yuan: Decimal) -> Fund:
    account = Account.objects.create(
        kind=AccountKind.FUND, code=f"fund:{region_code}:{name}"[:64], name=name
    )
    fund = Fund.objects.create(
        name=name,
        region_code=region_code,
        account=account,
        budget_yuan=budget_yuan,
        budget_points=0,
    )
    _grant(actor=actor, fund=fund, points=int(budget_yuan * POINTS_PER_YUAN), memo="初始预算")
    audit_record(
        actor=actor,
        action="points.fund_create",
        obj=fund,
        region_code=region_code,
        detail={"budget_yuan": str(budget_yuan)},
    )
    return fund


def _grant(*, actor: User, fund: Fund, points: int, memo: str) -> Transaction:
    issuance = system_account(AccountKind.ISSUANCE)
    tx = post_transaction(
        kind=TransactionKind.GRANT,
        region_code=fund.region_code,
        actor=actor,
        source=f"fund:{fund.pk}",
        memo=memo,
        lines=[(issuance, -points), (fund.account, points)],
    )
    Fund.objects.filter(pk=fund.pk).update(budget_points=F("budget_points") + points)
    fund.budget_points += points
    return tx


@transaction.atomic
def fund_grant(*, actor: User, fund_id: int, points: int, memo: str = "") -> Transaction:
    """Top a fund up by `points` from issuance (province/prefecture staff over its region)."""
    fund = Fund.objects.filter(pk=fund_id).first()
    if fund is None:
        raise NotFound("积分基金", "fund")
    require_staff_over(actor, fund.region_code, "points.administer")
    if not isinstance(points, int) or points <= 0 or points > 10**10:
        raise InvalidInput(
            "invalid_amount", "拨付积分须为正整数", "points must be a positive integer"
        )
    tx = _grant(actor=actor, fund=fund, points=points, memo=memo or "追加预算")
    audit_record(
        actor=actor,
        action="points.fund_grant",
        obj=fund,
        region_code=fund.region_code,
        detail={"points": points},
    )
    return tx


def balance_of(user) -> int:
    """A rider's balance (0 before their first movement)."""
    return Account.objects.filter(user=user).values_list("balance", flat=True).first() or 0
