"""Walking /api/v1/openapi.json: every operation, what its ids point at, and a body it accepts.

The suite is driven by the schema, so a new endpoint is covered without edits. What the schema
cannot say — which kind of object a path parameter names — is the table `PATH_KINDS`, keyed by
the path up to its parameter; a path whose parameter has no entry fails
`test_every_id_in_the_schema_has_a_real_object` until it is added here and built in world.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

API = "/api/v1"


@dataclass(frozen=True)
class Kind:
    """What a path parameter names: an object kind of world.py and the attribute used as id."""

    name: str
    attr: str = "pk"


@dataclass(frozen=True)
class Public:
    """A path parameter naming public reference data (no region owns it)."""

    reason: str


# The path up to (and including) its parameter → what the parameter names.
PATH_KINDS: dict[str, Kind | Public] = {
    f"{API}/regions/{{code}}": Public("the region tree (GB/T 2260) is public reference data"),
    f"{API}/orgs/guidance-stations/{{id}}": Kind("guidance_station"),
    f"{API}/orgs/committees/{{id}}": Kind("committee"),
    f"{API}/orgs/leading-groups/{{id}}": Kind("leading_group"),
    f"{API}/orgs/offices/{{id}}": Kind("office"),
    f"{API}/orgs/instructors/{{id}}": Kind("instructor"),
    f"{API}/orgs/party-organisations/{{id}}": Kind("party_organisation"),
    f"{API}/stations/by-code/{{code}}": Kind("station", "code"),
    f"{API}/stations/corrections/{{id}}": Kind("correction"),
    f"{API}/stations/{{id}}": Kind("station"),
    f"{API}/riders/riders/{{id}}": Kind("rider"),
    f"{API}/riders/companies/{{id}}": Kind("company"),
    f"{API}/riders/visits/{{id}}": Kind("visit"),
    f"{API}/riders/problems/{{id}}": Kind("problem"),
    f"{API}/riders/surveys/{{id}}": Kind("survey"),
    f"{API}/riders/surveys/by-token/{{token}}": Kind("survey", "token"),
    f"{API}/riders/imports/{{id}}": Kind("import_job"),
    f"{API}/riders/exports/{{id}}": Kind("export_job"),
    f"{API}/riders/claims/{{id}}": Kind("claim"),
    f"{API}/appeals/{{id}}": Kind("appeal"),
    f"{API}/tipoffs/{{id}}": Kind("tipoff"),
    f"{API}/activities/{{id}}": Kind("activity"),
    f"{API}/activities/manage/{{id}}": Kind("activity"),
    f"{API}/activities/signups/{{id}}": Kind("signup"),
    f"{API}/activities/certificates/{{id}}": Kind("certificate"),
    f"{API}/points/orders/{{id}}": Kind("order"),
    f"{API}/points/benefits/{{id}}": Kind("benefit"),
    f"{API}/points/benefits/manage/{{id}}": Kind("benefit"),
    f"{API}/points/benefit-applications/{{id}}": Kind("benefit_application"),
    f"{API}/points/funds/{{id}}": Kind("fund"),
    f"{API}/points/rules/{{id}}": Kind("rule"),
    f"{API}/points/transactions/{{id}}": Kind("transaction"),
    f"{API}/points/items/{{id}}": Kind("item"),
    f"{API}/planning/plans/{{id}}": Kind("plan"),
    f"{API}/planning/demand-sets/{{id}}": Kind("demand_set"),
    f"{API}/workplan/notifications/{{id}}": Kind("notification"),
    f"{API}/workplan/institutions/{{id}}": Kind("institution"),
    f"{API}/workplan/meetings/{{id}}": Kind("meeting"),
    f"{API}/workplan/plans/{{id}}": Kind("workplan_plan"),
    f"{API}/workplan/measures/{{id}}": Kind("measure"),
    f"{API}/workplan/tasks/{{id}}": Kind("task"),
    f"{API}/workplan/milestones/{{id}}": Kind("milestone"),
    f"{API}/honours/exemplars/{{id}}": Kind("exemplar"),
    f"{API}/honours/brands/{{id}}": Kind("brand"),
    f"{API}/honours/campaigns/{{id}}": Kind("campaign"),
    f"{API}/honours/nominations/{{id}}": Kind("nomination"),
    f"{API}/honours/objections/{{id}}": Kind("objection"),
    f"{API}/honours/jurors/{{id}}": Kind("juror"),
    f"{API}/honours/sites/{{id}}": Kind("site"),
    f"{API}/honours/assessments/{{id}}": Kind("assessment"),
    f"{API}/honours/stories/{{id}}": Kind("story"),
    f"{API}/honours/roles/{{role}}": Public(
        "a role name from the fixed list of rider roles; the caller drops their own role"
    ),
}

# Ids carried in a query string or a JSON body (a name → the kind it names). A new `..._id`
# parameter without an entry fails `test_every_id_in_the_schema_has_a_real_object`.
FIELD_KINDS: dict[str, Kind] = {
    "company_id": Kind("company"),
    "item_id": Kind("item"),
    "station_id": Kind("station"),
    "fund_id": Kind("fund"),
    "activity_id": Kind("activity"),
    "rider_id": Kind("owner_user"),
    "user_id": Kind("owner_user"),
    "demand_set": Kind("demand_set"),
    "into": Kind("appeal"),
    "pickup_code": Kind("order", "pickup_code"),
    "plan_id": Kind("workplan_plan"),
    "measure_id": Kind("measure"),
    "category_id": Kind("institution_category"),
    "owner_id": Kind("officer_user"),
    "object_id": Kind("activity"),
    "link_id": Kind("party_organisation"),
    "brand_id": Kind("brand"),
    "exemplar_id": Kind("exemplar"),
    "asset_id": Kind("asset"),
}

# Bodies that pass validation for operations on an object (the generic example is used for the
# rest). What matters is that the request reaches the object, so a refusal is the object's.
BODIES: dict[tuple[str, str], dict] = {
    ("POST", f"{API}/orgs/guidance-stations/{{id}}/ledger"): {
        "on": "2026-01-05",
        "category": "visit",
        "summary": "走访",
    },
    ("POST", f"{API}/stations/corrections/{{id}}/review"): {"decision": "reject", "note": "x"},
    ("PATCH", f"{API}/stations/{{id}}"): {"opening_hours": "24/7"},
    ("POST", f"{API}/stations/{{id}}/corrections"): {"kind": "closed", "note": "x"},
    ("POST", f"{API}/stations/{{id}}/reviews"): {
        "year": 2026,
        "siting": 20,
        "building": 20,
        "function": 20,
        "service": 20,
    },
    ("POST", f"{API}/riders/riders/{{id}}/reveal"): {"reason": "核实身份"},
    ("POST", f"{API}/riders/companies/{{id}}/liaison"): {"user_id": None},
    ("POST", f"{API}/riders/problems/{{id}}/appeal"): {"category": "parking"},
    ("POST", f"{API}/riders/problems/{{id}}/transitions"): {"status": "in_progress"},
    ("POST", f"{API}/riders/surveys/{{id}}/status"): {"status": "closed"},
    ("POST", f"{API}/riders/claims/{{id}}/decision"): {"decision": "reject", "note": "不是本人"},
    ("POST", f"{API}/riders/surveys/by-token/{{token}}/responses"): {"answers": {}},
    ("POST", f"{API}/appeals/{{id}}/transitions"): {"action": "accept", "note": "受理"},
    ("POST", f"{API}/appeals/{{id}}/follow-up"): {"still_fixed": True},
    ("POST", f"{API}/tipoffs/{{id}}/verification"): {"outcome": "unfounded", "note": "不属实"},
    ("POST", f"{API}/points/orders/{{id}}/cancel"): {"reason": "不要了"},
    ("POST", f"{API}/points/funds/{{id}}/grants"): {"points": 10, "memo": "x"},
    ("POST", f"{API}/points/transactions/{{id}}/reversal"): {"reason": "更正"},
    ("POST", f"{API}/points/items/{{id}}/restock"): {"quantity": 1},
    ("POST", f"{API}/points/benefit-applications/{{id}}/decision"): {"approve": True},
    ("PATCH", f"{API}/planning/demand-sets/{{id}}"): {"active": False},
    ("PATCH", f"{API}/workplan/tasks/{{id}}"): {"title": "改"},
    ("POST", f"{API}/workplan/tasks/{{id}}/progress"): {"progress": 10},
    ("POST", f"{API}/workplan/tasks/{{id}}/evidence"): {"kind": "text", "text": "材料"},
    ("POST", f"{API}/honours/nominations/{{id}}/objections"): {
        "source": "letter",
        "summary": "异议",
    },
    ("POST", f"{API}/honours/objections/{{id}}/decision"): {"action": "investigate"},
    # the honours writes that name a brand, an exemplar or an asset, in the attacker's own county
    ("POST", f"{API}/honours/stories"): {"region_code": "510104", "title": "事迹", "body": "正文"},
    ("POST", f"{API}/honours/assets/link"): {
        "kind": "video",
        "title": "宣传片",
        "region_code": "510104",
        "url": "https://video.example.org/a",
    },
    ("POST", f"{API}/honours/placements"): {
        "kind": "online",
        "where": "网络平台",
        "region_code": "510104",
        "starts_on": "2026-01-05",
    },
}


@cache
def openapi() -> dict:
    from config.api import api

    return api.get_openapi_schema()


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = openapi()["components"]["schemas"][name]
    return schema


@dataclass(frozen=True)
class Operation:
    method: str
    path: str

    @property
    def spec(self) -> dict:
        return openapi()["paths"][self.path][self.method.lower()]

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def params(self, where: str) -> list[dict]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == where]

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def body_type(self) -> str | None:
        content = (self.spec.get("requestBody") or {}).get("content") or {}
        return next(iter(content), None)

    @property
    def body_schema(self) -> dict:
        content = (self.spec.get("requestBody") or {}).get("content") or {}
        if not content:
            return {}
        return resolve(next(iter(content.values()))["schema"])

    @property
    def base(self) -> str:
        """The path up to its last parameter (the key of PATH_KINDS)."""
        return self.path[: self.path.rindex("}") + 1]

    @property
    def kind(self) -> Kind | Public | None:
        return PATH_KINDS.get(self.base)


@cache
def operations() -> tuple[Operation, ...]:
    return tuple(
        Operation(method.upper(), path)
        for path, item in openapi()["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    )


def id_operations() -> list[Operation]:
    return [op for op in operations() if op.path_params]


def list_operations() -> list[Operation]:
    """GET operations without path parameters (their answers are scanned whole)."""
    return [op for op in operations() if op.method == "GET" and not op.path_params]


def example(schema: dict, name: str = "") -> Any:
    """A small instance of a JSON schema: required properties only, first enum value."""
    schema = resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if resolve(s).get("type") != "null"]
            return example(options[0], name) if options else None
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: example(v, k) for k, v in props.items() if k in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date-time":
        return (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    if fmt == "date" or name in ("on", "date"):
        return dt.date.today().isoformat()
    return "x"


def body_for(op: Operation) -> dict | None:
    if not op.body_type:
        return None
    return BODIES.get((op.method, op.path), example(op.body_schema))


def id_fields(op: Operation) -> list[tuple[str, str]]:
    """Ids an operation takes outside its path: ("query"|"body", name)."""
    found = [("query", p["name"]) for p in op.params("query") if _is_id(p["name"])]
    if op.body_type == "application/json":
        found += [("body", n) for n in op.body_schema.get("properties", {}) if _is_id(n)]
    return found


def _is_id(name: str) -> bool:
    return name.endswith("_id") or name in FIELD_KINDS


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()
