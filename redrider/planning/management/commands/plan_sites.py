"""`redrider plan_sites --region CODE --k N --radius-m R [--open-at HH:MM] [--json]`

Where should the next K warm stations go in a region? Uses the region's active demand, the
stations open (at --open-at when given), candidates from delivery sites, offices and a grid.
With --json prints {"baseline_coverage", "coverage", "demand_total", "sites": [{"lat", "lng",
"gain"}]}: shares of total demand weight in [0, 1], sites in the order chosen, `gain` the share
each adds. Nothing is stored.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from redrider.core.errors import DomainError
from redrider.planning import analysis, runner
from redrider.planning.choices import DEFAULT_CANDIDATE_SOURCES
from redrider.regions.models import Region
from redrider.regions.selectors import check_code


class Command(BaseCommand):
    help = "Propose K new warm-station sites for a region (maximal covering location problem)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="GB/T 2260 code, e.g. 510104")
        parser.add_argument("--k", type=int, required=True, help="how many new sites")
        parser.add_argument("--radius-m", type=float, help="service radius in metres")
        parser.add_argument(
            "--minutes", type=float, help="service circle in minutes (16 km/h, detour 1.3) instead"
        )
        parser.add_argument("--open-at", help="HH:MM: count only stations open then")
        parser.add_argument(
            "--sources",
            default=",".join(DEFAULT_CANDIDATE_SOURCES),
            help="candidate sources: delivery_site,office,grid",
        )
        parser.add_argument(
            "--time-limit", type=float, default=30.0, help="seconds for HiGHS's bound (default 30)"
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **opts):
        try:
            code = check_code(opts["region"])
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"unknown region {code}")
            if opts["radius_m"] is None and opts["minutes"] is None:
                raise CommandError("give --radius-m or --minutes")
            promise = analysis.promise_from(radius_m=opts["radius_m"], minutes=opts["minutes"])
            open_at = analysis.parse_open_at(opts["open_at"])
        except DomainError as exc:
            raise CommandError(exc.detail) from None
        if opts["k"] <= 0 or opts["k"] > analysis.MAX_K:
            raise CommandError(f"--k must be 1-{analysis.MAX_K}")
        sources = [s.strip() for s in opts["sources"].split(",") if s.strip()]
        try:
            outcome = runner.compute(
                region=region,
                radius_m=promise.radius_m,
                open_at=open_at,
                k=opts["k"],
                target_share=None,
                sources=sources,
                custom=[],
                time_limit_s=opts["time_limit"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        plan = outcome.plan
        if opts["json"]:
            body = {
                "baseline_coverage": plan.baseline_coverage,
                "coverage": plan.coverage,
                "demand_total": plan.demand_total,
                "sites": [
                    {"lat": s["lat"], "lng": s["lng"], "gain": s["gain"]} for s in outcome.sites
                ],
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False))
            return
        self.stdout.write(
            f"{region.name} ({region.code}) radius {promise.radius_m:.0f} m, "
            f"open at {open_at.isoformat() if open_at else '-'}: "
            f"{outcome.demand_points} demand points, {outcome.station_count} stations, "
            f"{outcome.candidate_count} candidates"
        )
        self.stdout.write(
            f"coverage {plan.baseline_coverage:.1%} -> {plan.coverage:.1%} "
            f"({plan.solver}; proven bound "
            f"{'-' if outcome.bound is None else f'{outcome.bound:.2%}'}, gap "
            f"{'-' if outcome.gap is None else f'{outcome.gap:.3%}'}) "
            f"in {outcome.seconds:.1f}s"
        )
        for s in outcome.sites:
            self.stdout.write(
                f"{s['rank']:>3}. {s['lat']:.6f},{s['lng']:.6f} "
                f"+{s['gain']:.2%} {s['source']} {s['label']}"
            )
