"""Demo points: funds (the province's, Xindu's 丰行侠 ¥1M), earning rules, the points for every
seeded attendance (written in bulk as balanced transactions), a catalogue at warm stations and
merchants, redemptions through the real service, Yibin's housing-fund loan subsidy and other
benefits, and points for demo-rider to spend. `ledger_check` holds afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from redrider.accounts.models import User
from redrider.activities.models import Signup
from redrider.core.errors import DomainError
from redrider.riders.models import Rider
from redrider.stations.models import Station

from .choices import AccountKind, ItemKind, TransactionKind
from .models import Account, EarningRule, Entry, Transaction
from .services import benefit_apply, item_create, points_award, points_order_fulfil, points_redeem
from .services.benefits import benefit_create
from .services.ledger import _fund_open

ORDER = 80

RULES = [  # (code, name, points, monthly cap)
    ("activity_checkin", "活动签到", 20, 200),
    ("activity_checkin.first_aid", "急救培训签到", 30, 200),
    ("activity_checkin.training", "培训班结业", 40, 200),
    ("volunteer_hour", "志愿服务每小时", 10, 300),
    ("tipoff_founded", "线索查实", 50, 500),
    ("exemplar_title", "获评红骑手典型", 500, 0),
    ("manual", "人工奖励", 1, 0),
]
GOODS = [
    ("矿泉水一箱", 60),
    ("防暑降温包", 80),
    ("骑行雨衣", 300),
    ("安全头盔", 600),
    ("手机支架", 150),
    ("保温餐箱", 900),
]


def _rider_accounts(user_ids: set[int]) -> dict[int, Account]:
    have = {a.user_id: a for a in Account.objects.filter(user_id__in=user_ids)}
    missing = [
        Account(kind=AccountKind.RIDER, code=f"rider:{uid}", user_id=uid, name="")
        for uid in user_ids - set(have)
    ]
    Account.objects.bulk_create(missing, batch_size=2000)
    return {a.user_id: a for a in Account.objects.filter(user_id__in=user_ids)}


def _backdate(txs, pks, _by_rider, signups) -> None:
    """Demo history: each award dated at its check-in, not at seeding time (for the trends).

    The ledger refuses updates through the ORM (append-only), so this one-off correction of
    freshly seeded rows is plain SQL, inside the seeding transaction.
    """
    from django.db import connection

    at = {}
    for s in signups:
        for suffix in ("checkin", "hours"):
            at[f"activity:{s.activity_id}:{suffix}:{s.rider_id}"] = s.checked_in_at
    table = Transaction._meta.db_table
    rows = [
        (at[t.idempotency_key], pks[t.idempotency_key]) for t in txs if at.get(t.idempotency_key)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET created_at = %s WHERE id = %s", rows)  # noqa: S608


def _bulk_awards(signups, rules, province_fund, xindu_fund) -> int:
    """One award transaction per attendance (and per volunteer-hour block), fund → rider, in bulk.

    Writes the same rows `points_award` would (rule, source, entries summing to zero) and then
    sets the cached balances from the entries, so `ledger_check` holds.
    """
    accounts = _rider_accounts({s.rider_id for s in signups})
    txs, lines = [], []
    for s in signups:
        fund = xindu_fund if s.region_code == "510114" else province_fund
        rule = rules.get(f"activity_checkin.{s.activity.theme}") or rules["activity_checkin"]
        awards = [(rule, rule.points, f"activity:{s.activity_id}:checkin:{s.rider_id}")]
        if s.hours:
            hour_rule = rules["volunteer_hour"]
            awards.append(
                (
                    hour_rule,
                    int(s.hours * hour_rule.points),
                    f"activity:{s.activity_id}:hours:{s.rider_id}",
                )
            )
        for rule_obj, amount, key in awards:
            txs.append(
                Transaction(
                    kind=TransactionKind.AWARD,
                    region_code=s.region_code,
                    rule=rule_obj,
                    rule_code=rule_obj.code,
                    source=f"activity:{s.activity_id}",
                    memo=rule_obj.name,
                    rider_id=s.rider_id,
                    amount=amount,
                    idempotency_key=key,
                )
            )
            lines.append((fund.account_id, accounts[s.rider_id].pk, amount))
        s.points_awarded = sum(a for _, a, _ in awards)
    Transaction.objects.bulk_create(txs, batch_size=2000)
    pks = dict(
        Transaction.objects.filter(
            idempotency_key__in=[t.idempotency_key for t in txs]
        ).values_list("idempotency_key", "pk")
    )
    entries = []
    for tx, (fund_acc, rider_acc, amount) in zip(txs, lines, strict=True):
        pk = pks[tx.idempotency_key]
        entries += [
            Entry(transaction_id=pk, account_id=fund_acc, amount=-amount),
            Entry(transaction_id=pk, account_id=rider_acc, amount=amount),
        ]
    Entry.objects.bulk_create(entries, batch_size=5000)
    _backdate(txs, pks, {s.rider_id: s for s in signups}, signups)
    Signup.objects.bulk_update(signups, ["points_awarded"], batch_size=2000)
    touched = {a for f, r, _ in lines for a in (f, r)}
    totals = dict(
        Entry.objects.filter(account_id__in=touched)
        .values("account_id")
        .annotate(s=Sum("amount"))
        .values_list("account_id", "s")
    )
    changed = list(Account.objects.filter(pk__in=touched))
    for account in changed:
        account.balance = totals.get(account.pk, 0)
    Account.objects.bulk_update(changed, ["balance"], batch_size=2000)
    return len(txs)


def seed(ctx) -> None:
    rng = ctx.rng("points")
    province = ctx.accounts.get("demo-province")
    demo_rider = ctx.accounts.get("demo-rider")
    province_fund = _fund_open(
        actor=province,
        name="四川省红骑手积分基金",
        region_code="510000",
        budget_yuan=Decimal(2_000_000),
    )
    xindu_fund = _fund_open(
        actor=province,
        name="新都区“丰行侠”积分基金",
        region_code="510114",
        budget_yuan=Decimal(1_000_000),
    )
    rules = {}
    for code, name, points, cap in RULES:
        rules[code] = EarningRule.objects.create(
            code=code, name=name, points=points, monthly_cap=cap, region_code="510000"
        )
    EarningRule.objects.create(
        code="activity_checkin",
        name="丰行侠活动签到",
        points=30,
        monthly_cap=300,
        region_code="510114",
        fund=xindu_fund,
    )

    signups = list(
        Signup.objects.filter(status="attended", points_awarded=0).select_related("activity")
    )
    awarded = _bulk_awards(signups, rules, province_fund, xindu_fund)

    # A catalogue at stations (the demo host's first), merchants and Xindu's rent vouchers.
    stations = list(Station.objects.filter(is_synthetic=False).order_by("pk"))
    host_code = ctx.shared.get("demo_host_station_code")
    host_station = next((s for s in stations if s.code == host_code), None)
    picked = ([host_station] if host_station else []) + rng.sample(
        stations, min(len(stations), 60 if ctx.scale != "small" else 6)
    )
    items = []
    for station in dict.fromkeys(picked):
        for name, cost in rng.sample(GOODS, 3):
            items.append(
                item_create(
                    actor=province,
                    name=name,
                    region_code=station.region_code,
                    cost=cost,
                    stock=rng.randint(10, 60),
                    station=station,
                    per_rider_limit=2,
                )
            )
    items.append(
        item_create(
            actor=province,
            name="丰行侠公寓房租抵扣券（500元）",
            region_code="510114",
            cost=5000,
            stock=200,
            kind=ItemKind.RENT_VOUCHER,
            merchant_name="新都丰行侠骑手公寓",
            per_rider_limit=1,
            valid_until=timezone.now() + dt.timedelta(days=365),
        )
    )
    items.append(
        item_create(
            actor=province,
            name="爱心商铺骑手套餐",
            region_code="510502",
            cost=120,
            stock=300,
            kind=ItemKind.MERCHANT,
            merchant_name="泸州爱心商铺联盟",
        )
    )

    # demo-rider gets points to spend (a manual award) on top of their attendance.
    if demo_rider is not None:
        points_award(
            actor=province,
            rider_user=demo_rider,
            rule_code="manual",
            source="demo:welcome",
            region_code="510104",
            amount=800,
            idempotency_key="demo:welcome",
        )

    # Redemptions through the real service; about half are picked up.
    rich = list(
        Account.objects.filter(kind=AccountKind.RIDER, balance__gte=60)
        .exclude(user=demo_rider)
        .values_list("user_id", flat=True)[: 300 if ctx.scale != "small" else 20]
    )

    users = {u.pk: u for u in User.objects.filter(pk__in=rich)}
    balances = dict(Account.objects.filter(user_id__in=rich).values_list("user_id", "balance"))
    station_items = [i for i in items if i.station_id]
    redeemed = fulfilled = 0
    for uid in rich:
        affordable = [i for i in station_items if i.cost <= balances[uid]]
        if not affordable:
            continue
        item = rng.choice(affordable)
        try:
            order = points_redeem(actor=users[uid], item_id=item.pk, quantity=1)
        except DomainError:
            continue
        redeemed += 1
        if rng.random() < 0.5:
            points_order_fulfil(actor=province, pickup_code=order.pickup_code)
            fulfilled += 1

    # Benefits: Yibin's housing-fund loan subsidy, a first-aid allowance, an exemplar honour.
    benefit_create(
        actor=province,
        name="骑手住房公积金贷款贴息",
        region_code="511500",
        provider="宜宾市住房公积金管理中心",
        max_amount_yuan=Decimal(400_000),
        summary="连续缴存住房公积金满 6 个月的骑手，可申请最高 40 万元公积金贷款并享受贴息。",
        conditions=[{"field": "housing_fund_months", "op": ">=", "value": 6}],
    )
    benefit_create(
        actor=province,
        name="急救持证骑手意外险补贴",
        region_code="510000",
        provider="四川省市场监管局",
        max_amount_yuan=Decimal(200),
        summary="取得急救培训合格证的骑手，可申领一年意外险补贴。",
        conditions=[{"certificate": "first_aid"}],
    )
    benefit_create(
        actor=province,
        name="红骑手典型免费体检",
        region_code="510000",
        provider="四川省卫生健康委",
        summary="获评红骑手典型者每年一次免费体检。",
        conditions=[{"exemplar": True}],
    )
    applied = 0

    from .models import Benefit

    yibin = Benefit.objects.get(name="骑手住房公积金贷款贴息")
    for rider in Rider.objects.filter(
        region_code__startswith="5115", housing_fund_months__gte=6, user__isnull=False
    ).select_related("user")[:20]:
        try:
            benefit_apply(actor=rider.user, benefit_id=yibin.pk)
            applied += 1
        except DomainError:
            continue
    ctx.shared["points_awarded_transactions"] = awarded
    ctx.log(
        f"    points: {awarded} awards for {len(signups)} attendances, {len(items)} items, "
        f"{redeemed} redemptions ({fulfilled} picked up), {applied} benefit applications"
    )
