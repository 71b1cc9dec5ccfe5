"""Planning writes: demand sets (upload, platform, generator), site plans and their runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import InvalidInput
from redrider.regions.models import Region

from . import analysis, demand, runner, selectors
from .choices import DEFAULT_CANDIDATE_SOURCES, CandidateSource, DemandSource, PlanMode, PlanStatus
from .models import DemandPoint, DemandSet, PlanSite, SitePlan

BATCH = 5_000
MAX_GENERATED = 500_000
# numpy's generators take a non-negative seed; 32 bits is plenty for a what-if.
MAX_SEED = 2**32 - 1
NAME_LENGTH = 128


def _given_name(name: str | None) -> str:
    """A name the planner typed: refused when longer than its column (never cut short)."""
    name = name or ""
    if len(name) > NAME_LENGTH:
        raise InvalidInput(
            "invalid_name",
            f"名称不能超过 {NAME_LENGTH} 个字",
            f"the name must be at most {NAME_LENGTH} characters",
            field="name",
        )
    return name.strip()


# Runs over this many demand points go to the background worker; smaller ones answer at once.
INLINE_MAX_POINTS = getattr(settings, "PLANNING_INLINE_MAX_POINTS", 60_000)


def _planner_region(actor: User, region_code: str | None, action: str) -> Region:
    """The region to write for: within the actor's scope (404 otherwise), and `action` allowed
    by the policy for a new row of that region (403: only officers plan and load demand)."""
    region = selectors.region_for(user=actor, region_code=region_code)
    target = SitePlan if action.startswith("planning.plan") else DemandSet
    require(actor, action, target(region_code=region.code), hide=False)
    return region


# ---------------------------------------------------------------- demand sets


def _write_points(demand_set: DemandSet, parsed: demand.ParsedDemand) -> None:
    """Insert the set's points with one executemany per batch.

    Hundreds of thousands of rows are normal here (a province's orders); building a model
    instance per row made the Sichuan demo take half a minute, plain parameter tuples a few
    seconds. Must run inside the caller's transaction.
    """
    now = timezone.now()
    meta = DemandPoint._meta
    columns = [
        "demand_set_id",
        "region_code",
        "lat",
        "lng",
        "weight",
        "at",
        "created_at",
        "updated_at",
    ]
    qn = connection.ops.quote_name
    # Table and column names come from the model's own metadata, never from input.
    names = ", ".join(qn(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    field = {f.column: f for f in meta.concrete_fields}
    stamp = field["created_at"].get_db_prep_value(now, connection)
    rows = []
    for la, lo, w, t, code in zip(
        parsed.lat, parsed.lng, parsed.weight, parsed.at, parsed.counties, strict=True
    ):
        at = None if t is None else field["at"].get_db_prep_value(t, connection)
        rows.append((demand_set.pk, code, float(la), float(lo), float(w), at, stamp, stamp))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
    demand_set.point_count = len(rows)
    demand_set.total_weight = float(sum(parsed.weight))
    demand_set.save(update_fields=["point_count", "total_weight", "updated_at"])


@transaction.atomic
def demand_set_import(
    *,
    actor: User,
    region_code: str | None,
    name: str,
    filename: str,
    content: bytes,
    crs: str = "wgs84",
) -> DemandSet:
    """Import an order/GPS file (csv/xlsx: lat, lng, weight, time) as a new active set.

    All rows or none: any bad row raises `InvalidInput` ("invalid_rows", 422) carrying the
    row-level report (`rows`: [{row, error}], `error_count`) and nothing is written. The region
    must be within the actor's scope (404 otherwise); every point must lie inside it.
    """
    region = _planner_region(actor, region_code, "planning.demand_load")
    name = _given_name(name)
    if len(content) > getattr(settings, "MAX_IMPORT_BYTES", 30 * 1024 * 1024):
        raise InvalidInput("file_too_large", "文件过大", "the file is too large")
    parsed = demand.parse_demand_file(filename=filename, content=content, region=region, crs=crs)
    if parsed.error_count:
        raise InvalidInput(
            "invalid_rows",
            f"{parsed.error_count} 行数据有误，未导入任何数据",
            f"{parsed.error_count} bad rows; nothing was imported",
            rows=parsed.errors,
            error_count=parsed.error_count,
        )
    demand_set = DemandSet.objects.create(
        region_code=region.code,
        name=name or (filename or "上传需求")[:NAME_LENGTH],
        source=DemandSource.UPLOAD,
        created_by=actor,
        detail={"filename": filename[:200], "crs": crs, "rows": parsed.rows},
    )
    _write_points(demand_set, parsed)
    audit_record(
        actor=actor,
        action="planning.demand_import",
        obj=demand_set,
        detail={"points": demand_set.point_count, "filename": filename[:200]},
    )
    return demand_set


@transaction.atomic
def demand_set_from_platform(*, actor: User, region_code: str | None) -> DemandSet:
    """Gather the platform's own demand for the region (check-ins, appeal pins, delivery sites
    weighted by their riders) into a new active set, replacing the region's previous platform set
    (the old one is switched off, kept for comparison)."""
    region = _planner_region(actor, region_code, "planning.demand_load")
    parsed, counts = demand.platform_demand(region)
    DemandSet.objects.filter(
        region_code=region.code, source=DemandSource.PLATFORM, active=True
    ).update(active=False, updated_at=timezone.now())
    demand_set = DemandSet.objects.create(
        region_code=region.code,
        name=f"{region.name} 平台数据",
        source=DemandSource.PLATFORM,
        created_by=actor,
        detail={"counts": counts},
    )
    _write_points(demand_set, parsed)
    audit_record(
        actor=actor,
        action="planning.demand_platform",
        obj=demand_set,
        detail={"points": demand_set.point_count, **counts},
    )
    return demand_set


@transaction.atomic
def demand_set_generate(
    *, actor: User, region_code: str | None, points: int, seed: int = 1, name: str = ""
) -> DemandSet:
    """Synthetic demand (demo, what-if): `points` points around the region's county seats and
    business districts by urban weight (`demand.generated_demand`). 1 <= points <= 500,000."""
    region = _planner_region(actor, region_code, "planning.demand_load")
    if not 1 <= int(points) <= MAX_GENERATED:
        raise InvalidInput(
            "invalid_points",
            f"点数须在 1–{MAX_GENERATED} 之间",
            f"points must be 1-{MAX_GENERATED}",
        )
    if not 0 <= int(seed) <= MAX_SEED:
        raise InvalidInput(
            "invalid_seed", f"随机种子须在 0–{MAX_SEED} 之间", f"seed must be 0-{MAX_SEED}"
        )
    name = _given_name(name)
    return _generate(actor=actor, region=region, points=int(points), seed=seed, name=name)


def _generate(
    *, actor: User | None, region: Region, points: int, seed: int, name: str = ""
) -> DemandSet:
    parsed = demand.generated_demand(region, points, seed)
    demand_set = DemandSet.objects.create(
        region_code=region.code,
        name=(name or f"{region.name} 模拟需求")[:NAME_LENGTH],
        source=DemandSource.SYNTHETIC,
        created_by=actor,
        detail={"requested": points, "seed": seed, "kept_inside_region": len(parsed.lat)},
    )
    _write_points(demand_set, parsed)
    audit_record(
        actor=actor,
        action="planning.demand_generate",
        obj=demand_set,
        actor_label="" if actor else "seed_demo",
        detail={"points": demand_set.point_count, "seed": seed},
    )
    return demand_set


@transaction.atomic
def demand_set_set_active(*, actor: User, demand_set_id: int, active: bool) -> DemandSet:
    """Switch a set on or off for coverage and planning (its points stay).

    A set outside the actor's region answers 404; one they can see but may not change 403.
    """
    demand_set = selectors.demand_set_get(user=actor, id=demand_set_id)
    require(actor, "planning.demand_switch", demand_set, hide=False)
    demand_set.active = bool(active)
    demand_set.save(update_fields=["active", "updated_at"])
    audit_record(
        actor=actor,
        action="planning.demand_active",
        obj=demand_set,
        detail={"active": demand_set.active},
    )
    return demand_set


# ---------------------------------------------------------------- plans


def _clean_sources(sources: Any) -> list[str]:
    if not sources:
        return list(DEFAULT_CANDIDATE_SOURCES)
    if isinstance(sources, str):
        sources = [s.strip() for s in sources.split(",") if s.strip()]
    allowed = set(CandidateSource.values)
    bad = [s for s in sources if s not in allowed]
    if bad:
        raise InvalidInput(
            "invalid_sources",
            f"未知的候选点来源：{', '.join(map(str, bad))}",
            f"unknown candidate sources: {', '.join(map(str, bad))}",
        )
    return list(dict.fromkeys(sources))


def plan_create(
    *,
    actor: User,
    region_code: str | None,
    k: Any = None,
    target_share: Any = None,
    radius_m: Any = None,
    minutes: Any = None,
    speed_kmh: Any = None,
    detour: Any = None,
    open_at: Any = None,
    candidate_sources: Any = None,
    custom_candidates: Any = None,
    demand_set: int | None = None,
    time_limit_s: Any = 10.0,
    name: str = "",
) -> SitePlan:
    """Ask where the next stations should go; store the question and run it.

    Exactly one of `k` (1..candidates, at most 500: "the next K sites") and `target_share`
    (0 < x <= 1: "fewest new sites to reach x"). Validates everything first - region within
    scope (404), promise, open_at, sources, K against the candidates actually available - and
    writes nothing on bad input. Runs at once when the region has at most INLINE_MAX_POINTS demand
    points, otherwise queues `tasks.plan_run_task` (the page follows `progress`).
    """
    region = _planner_region(actor, region_code, "planning.plan_create")
    name = _given_name(name)
    promise = analysis.promise_from(
        radius_m=radius_m, minutes=minutes, speed_kmh=speed_kmh, detour=detour
    )
    at = analysis.parse_open_at(open_at)
    sources = _clean_sources(candidate_sources)
    custom = analysis.clean_custom_candidates(custom_candidates)
    if custom and CandidateSource.CUSTOM not in sources:
        sources.append(CandidateSource.CUSTOM)
    set_obj = (
        selectors.demand_set_usable(user=actor, id=demand_set, region=region)
        if demand_set is not None
        else None
    )
    limit = analysis._number(
        time_limit_s if time_limit_s not in (None, "") else 10.0, "time_limit_s"
    )
    if not 0 < limit <= 600:
        raise InvalidInput(
            "invalid_time_limit",
            "精确求解时限须在 0–600 秒之间",
            "time_limit_s must be in (0, 600]",
        )
    if (k in (None, "")) == (target_share in (None, "")):
        raise InvalidInput(
            "invalid_question",
            "须给出新增站点数 k 或目标覆盖率 target_share 之一",
            "give exactly one of k and target_share",
        )
    mode, k_value, target = PlanMode.K_SITES, None, None
    if k not in (None, ""):
        try:
            k_value = int(k)
        except (TypeError, ValueError):
            raise InvalidInput("invalid_k", "k 必须是整数", "k must be an integer") from None
        if k_value <= 0 or k_value > analysis.MAX_K:
            raise InvalidInput(
                "invalid_k",
                f"k 须在 1–{analysis.MAX_K} 之间",
                f"k must be 1-{analysis.MAX_K}",
                field="k",
            )
    else:
        mode = PlanMode.TARGET
        target = analysis._number(target_share, "target_share")
        if not 0 < target <= 1:
            raise InvalidInput(
                "invalid_target",
                "目标覆盖率须在 0–1 之间（不含 0）",
                "target_share must be in (0, 1]",
                field="target_share",
            )
    dem = analysis.load_demand(region.code, set_obj.pk if set_obj else None)
    if len(dem) == 0:
        raise InvalidInput(
            "no_demand", f"{region.name}没有可用的需求数据", f"no demand in {region.code}"
        )
    cands = analysis.load_candidates(
        region=region, demand=dem, radius_m=promise.radius_m, sources=sources, custom=custom
    )
    if k_value is not None and k_value > len(cands):
        raise InvalidInput(
            "k_exceeds_candidates",
            f"k（{k_value}）超过可用候选点数（{len(cands)}）",
            f"k ({k_value}) exceeds the {len(cands)} candidates",
            field="k",
            candidates=len(cands),
        )
    with transaction.atomic():
        plan = SitePlan.objects.create(
            region_code=region.code,
            name=name,
            mode=mode,
            created_by=actor,
            radius_m=promise.radius_m,
            minutes=promise.minutes,
            speed_kmh=promise.speed_kmh,
            detour=promise.detour,
            open_at=at,
            k=k_value,
            target_share=target,
            candidate_sources=sources,
            custom_candidates=custom,
            demand_set=set_obj,
            time_limit_s=limit,
            demand_points=len(dem),
            candidate_count=len(cands),
        )
        audit_record(
            actor=actor,
            action="planning.plan_create",
            obj=plan,
            detail={"k": k_value, "target_share": target, "radius_m": promise.radius_m},
        )
    if len(dem) <= INLINE_MAX_POINTS:
        plan_run(plan_id=plan.pk)
    else:
        from .tasks import plan_run_task

        plan_run_task.enqueue(plan.pk)
    plan.refresh_from_db()
    return plan


def _progress(plan_id: int, value: int, note: str) -> None:
    SitePlan.objects.filter(pk=plan_id).update(progress=value, progress_note=note[:128])


def plan_run(*, plan_id: int) -> SitePlan:
    """Run a queued plan: demand, stations open at `open_at`, candidates, baseline figures, the
    MCLP (greedy + swap; HiGHS within `time_limit_s` for its proven bound, and its solution when
    strictly better), the figures after. Progress is written as it goes (outside a transaction,
    so the page sees it); the results and sites are written atomically at the end. A failure is
    stored as `failed` with its reason. Idempotent: a plan already done is returned unchanged.
    """
    plan = SitePlan.objects.get(pk=plan_id)
    if plan.status == PlanStatus.DONE:
        return plan
    SitePlan.objects.filter(pk=plan_id).update(status=PlanStatus.RUNNING, progress=1)
    try:
        return _run(plan)
    except Exception as exc:  # noqa: BLE001 - stored for the officer, then re-raised for logs
        SitePlan.objects.filter(pk=plan_id).update(
            status=PlanStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise


def _run(plan: SitePlan) -> SitePlan:
    region = Region.objects.get(code=plan.region_code)
    outcome = runner.compute(
        region=region,
        radius_m=plan.radius_m,
        open_at=plan.open_at,
        k=plan.k,
        target_share=plan.target_share,
        sources=plan.candidate_sources,
        custom=plan.custom_candidates,
        demand_set_id=plan.demand_set_id,
        time_limit_s=plan.time_limit_s,
        progress=lambda value, note: _progress(plan.pk, value, note),
    )
    best = outcome.plan
    with transaction.atomic():
        PlanSite.objects.filter(plan=plan).delete()
        PlanSite.objects.bulk_create(
            [
                PlanSite(
                    plan=plan,
                    rank=row["rank"],
                    lat=row["lat"],
                    lng=row["lng"],
                    gain=row["gain"],
                    gain_weight=row["gain_weight"],
                    source=row["source"],
                    label=row["label"][:128],
                    county_code=row["county_code"],
                )
                for row in outcome.sites
            ]
        )
        SitePlan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.DONE,
            progress=100,
            progress_note="",
            error="",
            demand_total=best.demand_total,
            demand_points=outcome.demand_points,
            station_count=outcome.station_count,
            candidate_count=outcome.candidate_count,
            baseline_coverage=best.baseline_coverage,
            coverage=best.coverage,
            bound=outcome.bound,
            gap=outcome.gap,
            optimal=outcome.optimal,
            target_reached=best.target_reached,
            solver=best.solver,
            seconds=outcome.seconds,
            figures=outcome.figures,
            hotspots=outcome.hotspots,
            finished_at=timezone.now(),
        )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_delete(*, actor: User, plan_id: int) -> None:
    """Remove a plan and its sites (the audit row keeps what it was).

    A plan outside the actor's region answers 404; one they can see but may not delete 403.
    """
    plan = selectors.plan_get(user=actor, id=plan_id)
    require(actor, "planning.plan_delete", plan, hide=False)
    audit_record(
        actor=actor,
        action="planning.plan_delete",
        obj=plan,
        detail={"k": plan.k, "coverage": plan.coverage},
    )
    plan.delete()


def seed_demand(*, region: Region, points: int, seed: int, name: str) -> DemandSet:
    """Demo seeding: generated demand without an actor (used by `seeding.py` only)."""
    return _generate(actor=None, region=region, points=points, seed=seed, name=name)


def local_time(value: dt.datetime | None) -> str:
    return value.astimezone(analysis.SHANGHAI).strftime("%Y-%m-%d %H:%M") if value else ""
