"""The little world the drills write into, built through the services in the server's database.

    python -m tests.ops.drill_world RIDERS STATIONS POINTS STOCK

prints one JSON line: riders' tokens, station ids, two catalogue items (one with STOCK, one with
ample stock; 10 points each), the officer's token. Each rider holds POINTS.
Run with the drill server's environment (its DATABASE_URL and settings).
"""

from __future__ import annotations

import json
import sys


def build(riders: int, stations: int, points: int, stock: int) -> dict:
    from redrider.accounts.models import User
    from redrider.accounts.services import token_issue
    from redrider.points.services import item_create
    from redrider.points.tests.factories import funded_rider
    from redrider.stations.tests.factories import make_stations

    officer = User(
        username="drill-officer", role="county_officer", scope_code="510104", display_name="演练"
    )
    officer.set_password("drill-Password-2024")
    officer.save()
    # Production settings ask staff for a TOTP code: the officer has an authenticator.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    made = [funded_rider(points, name=f"演练骑手{i}") for i in range(riders)]
    item = item_create(actor=officer, name="演练矿泉水", region_code="510104", cost=10, stock=stock)
    plenty = item_create(
        actor=officer, name="演练雨衣", region_code="510104", cost=10, stock=1_000_000
    )
    rows = [
        {"lat": 30.60 + i * 0.0005, "lng": 104.05 + i * 0.0005, "name": f"演练驿站{i}"}
        for i in range(stations)
    ]
    made_stations = make_stations(rows)
    return {
        "riders": [{"id": r.pk, "token": token_issue(user=r)} for r in made],
        "stations": [s.pk for s in made_stations],
        "item": item.pk,
        "item_plenty": plenty.pk,
        "officer": token_issue(user=officer),
        "officer_totp_key": device.key,
    }


def main() -> None:
    import django

    django.setup()
    riders, stations, points, stock = (int(a) for a in sys.argv[1:5])
    print(json.dumps(build(riders, stations, points, stock)))


if __name__ == "__main__":
    main()
