"""A rider's round through the API, written against the client generated from
/api/v1/openapi.json (package `redrider_client`). `tools/check_api_client.py` generates the client
and type-checks this script with mypy --strict: if the schema stopped describing an answer, the
attributes used here would not exist and the check would fail.

It can also run against a server: `python api_client_rider.py http://127.0.0.1:8000 13800000001
PASSWORD` (with the generated package on the path).
"""

from __future__ import annotations

import sys
import uuid

from redrider_client import AuthenticatedClient, Client
from redrider_client.api.appeals import redrider_appeals_api_appeal_create as appeal_create
from redrider_client.api.auth import redrider_accounts_api_token as token
from redrider_client.api.points import redrider_points_api_rider_balance as balance
from redrider_client.api.points import redrider_points_api_rider_catalogue as catalogue
from redrider_client.api.points import redrider_points_api_rider_redeem as redeem
from redrider_client.api.stations import redrider_stations_api_stations_nearby as nearby
from redrider_client.models import (
    AppealIn,
    AppealOut,
    AppealPublicOut,
    BalanceOut,
    ErrorOut,
    NearbyOut,
    OrderOut,
    PagedItemOut,
    RedemptionIn,
    TokenIn,
    TokenOut,
)
from redrider_client.models.appeal_in_category import AppealInCategory


def refused(answer: ErrorOut | None) -> str:
    return f"{answer.code}: {answer.detail}" if answer is not None else "no answer"


def sign_in(base_url: str, phone: str, password: str) -> AuthenticatedClient:
    answer = token.sync(client=Client(base_url=base_url), body=TokenIn(phone, password))
    if not isinstance(answer, TokenOut):
        raise SystemExit(f"sign-in refused: {refused(answer)}")
    return AuthenticatedClient(base_url=base_url, token=answer.token)


def nearest_stations(client: AuthenticatedClient, lat: float, lng: float) -> list[str]:
    answer = nearby.sync(client=client, lat=lat, lng=lng, limit=3, open_now=False)
    if not isinstance(answer, NearbyOut):
        raise SystemExit(f"nearby refused: {refused(answer)}")
    return [f"{s.name} {s.distance_m:.0f} m, open now: {s.open_now}" for s in answer.items]


def file_appeal(client: AuthenticatedClient, lat: float, lng: float) -> tuple[int, str]:
    body = AppealIn(
        category=AppealInCategory.PARKING, description="小区门口不让停车", lat=lat, lng=lng
    )
    answer = appeal_create.sync(client=client, body=body, idempotency_key=uuid.uuid4().hex)
    if isinstance(answer, AppealOut):
        return answer.id, answer.status
    if isinstance(answer, AppealPublicOut):  # never for one's own case, but the schema allows it
        return answer.id, answer.status
    raise SystemExit(f"appeal refused: {refused(answer)}")


def spend_points(client: AuthenticatedClient) -> str:
    points = balance.sync(client=client)
    offer = catalogue.sync(client=client, limit=20)
    if not isinstance(points, BalanceOut) or not isinstance(offer, PagedItemOut):
        return "no balance or catalogue"
    affordable = [i for i in offer.items if i.cost <= points.balance and i.stock > 0]
    if not affordable:
        return f"balance {points.balance}: nothing affordable"
    item = min(affordable, key=lambda i: i.cost)
    order = redeem.sync(
        client=client,
        body=RedemptionIn(item_id=item.id, quantity=1),
        idempotency_key=uuid.uuid4().hex,
    )
    if isinstance(order, OrderOut):
        return f"{item.name}: pickup code {order.pickup_code}, {order.points} points"
    return f"redemption refused: {refused(order)}"


def main(base_url: str, phone: str, password: str) -> None:
    client = sign_in(base_url, phone, password)
    lat, lng = 30.6570, 104.0810
    for line in nearest_stations(client, lat, lng):
        print(line)
    case_id, status = file_appeal(client, lat, lng)
    print(f"appeal #{case_id}: {status}")
    print(spend_points(client))


if __name__ == "__main__":
    main(*sys.argv[1:4])
