"""The access matrix with real ids (issue 10): every operation of /api/v1/openapi.json that takes
an id, as every account scoped elsewhere, against real objects of another county (510107) and
another prefecture (510302).

For each cell the real object's id must answer exactly as an id that does not exist (same status,
same error code — never 2xx): another region's object does not exist for the caller (DESIGN §4
rule 1), and a different refusal would tell that it does. Every list must neither show nor count
those objects: its count equals the count it had before they were created. Filters that name
another county (`?region=`, `?rider_id=`...) and bodies that point into it answer nothing.

The operations come from the schema, so a new endpoint is in the matrix without edits; a new
kind of id fails `test_every_id_in_the_schema_has_a_real_object` until world.py builds one.
Cells that fail because of an open finding of issue 10 are in KNOWN_HOLES (strict xfail): when
the fix is merged they pass, the xfail turns into a failure, and the entry is removed.
"""

from __future__ import annotations

import json

import pytest

from .conftest import Caller, add_foreign, report
from .content import text_of
from .schema_walk import (
    FIELD_KINDS,
    PATH_KINDS,
    Kind,
    Operation,
    Public,
    body_for,
    id_fields,
    id_operations,
    list_operations,
    operations,
)
from .world import ATTACKERS, FAR, HOME, MARKER, NEAR, World, targets_for

pytestmark = pytest.mark.django_db

ROLES = [key for key, _role, _scope in ATTACKERS]
STAFF = [r for r in ROLES if r != "rider"]
REGIONAL = ["county_officer", "prefecture_officer", "instructor", "station_host"]
MISSING = {"pk": 2_000_000_000, "code": "NOSUCH0000000", "token": "no-such-token"}

# Objects open to some roles wherever they are: (method, path) → (roles, why).
OPEN: dict[tuple[str, str], tuple[list[str], str]] = {
    ("GET", "/api/v1/stations/by-code/{code}"): (
        ROLES,
        "what anyone sees after scanning a station's sign: its public facts",
    ),
    ("POST", "/api/v1/stations/{id}/checkins"): (
        ROLES,
        "stations are on the public map: a rider checks in anywhere, staff are told they cannot",
    ),
    ("POST", "/api/v1/stations/{id}/corrections"): (
        ROLES,
        "stations are on the public map: anyone who uses one may report it (the auditor gets 403)",
    ),
    ("GET", "/api/v1/activities/{id}"): (
        ROLES,
        "a published activity is a public event: riders anywhere may find and join it",
    ),
    ("POST", "/api/v1/activities/{id}/signup"): (
        ROLES,
        "a published activity is a public event: riders anywhere may join (staff are told no)",
    ),
    ("POST", "/api/v1/activities/{id}/signup/cancel"): (
        ROLES,
        "a published activity is a public event: riders anywhere may join (staff are told no)",
    ),
    ("GET", "/api/v1/riders/surveys/by-token/{token}"): (
        STAFF,
        "a survey link is a capability printed on posters and QR codes (72 random bits); only "
        "riders of its region may open it (the rider cell stays in the matrix)",
    ),
    ("POST", "/api/v1/riders/surveys/by-token/{token}/responses"): (
        STAFF,
        "a survey link is a capability printed on posters and QR codes; staff are refused, and "
        "only riders of its region may answer (the rider cell stays in the matrix)",
    ),
    ("GET", "/api/v1/honours/exemplars/{id}"): (
        ROLES,
        "the honour wall (红骑手 titles) is public: name, region, year and story, never ID or phone",
    ),
    ("GET", "/api/v1/honours/brands/{id}"): (
        ROLES,
        "a brand (e.g. 蓉城红骑手) is public publicity for every region under it",
    ),
    ("GET", "/api/v1/honours/stories/{id}"): (
        ROLES,
        "a published story is public publicity (drafts answer 404 like a missing id)",
    ),
}

# Lists of public things (the map, public events, the points shop, published benefit policies):
# path → why. They are still read by the PII sweep.
OPEN_LISTS: dict[str, str] = {
    "/api/v1/stations/nearby": "the public map of stations near the rider, across county lines",
    "/api/v1/activities/upcoming": "published activities are public events, nearest first",
    "/api/v1/points/catalogue": "the points shop: items on offer, browsed across counties",
    "/api/v1/points/benefits": "published benefit policies (惠骑政策) covering the rider",
    "/api/v1/honours/exemplars": "the public honour wall of 红骑手 titles, every region",
    "/api/v1/honours/brands": "the public list of publicity brands",
    "/api/v1/honours/stories": "published stories: public publicity, every region",
    "/api/v1/honours/assets": "published videos, handbooks and leaflets: public publicity",
}

# Ids in a query or body that point at public things: (method, path, role) → why.
OPEN_FIELDS: dict[tuple[str, str, str], str] = {
    ("POST", "/api/v1/points/redemptions", "rider"): "items on offer are public to every rider",
}

# Operations that only touch the caller's own records (nothing of anyone else can be reached).
SELF_SERVICE: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/appeals/notifications/read"): "marks the caller's own notices read",
}

# Cells that fail on today's code because of an open finding of issue 10 (strict xfail):
# (check, "METHOD path", role) → the finding and the branch that fixes it. When the branch is
# merged the cell passes, the strict xfail fails, and its entry is removed here.
KNOWN_HOLES: dict[tuple[str, str, str], str] = {}


def _params(cells, check: str):
    out = []
    for op, role in cells:
        marks = []
        reason = KNOWN_HOLES.get((check, op.label, role)) or KNOWN_HOLES.get((check, op.label, "*"))
        if reason:
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        out.append(pytest.param(op, role, marks=marks, id=f"{op.label} as {role}"))
    return out


def _value(world: World, kind: Kind, county: str):
    return getattr(world.get(kind.name, county), kind.attr)


def _path(op: Operation, value) -> str:
    name = op.path_params[-1]
    return op.path.replace(f"{{{name}}}", str(value))


def _answer(response) -> tuple[int, str | None]:
    try:
        code = json.loads(response.content).get("code")
    except (ValueError, AttributeError):
        code = None
    return response.status_code, code


# --- the tables are complete -----------------------------------------------------------------


def test_every_id_in_the_schema_has_a_real_object(world):
    # given every id the schema takes, in a path, a query string or a JSON body
    missing_paths = sorted({op.base for op in id_operations() if op.kind is None})
    missing_fields = sorted(
        {f"{op.label} {where} {name}" for op in operations() for where, name in id_fields(op)}
        - {
            f"{op.label} {where} {name}"
            for op in operations()
            for where, name in id_fields(op)
            if name in FIELD_KINDS
        }
    )
    # then each names a kind the world builds, in both foreign counties
    assert missing_paths == [], "add them to schema_walk.PATH_KINDS and world.py"
    assert missing_fields == [], "add them to schema_walk.FIELD_KINDS and world.py"
    kinds = {k.name for k in [*PATH_KINDS.values(), *FIELD_KINDS.values()] if isinstance(k, Kind)}
    for kind in kinds:
        for county in ("510107", "510302"):
            assert world.get(kind, county) is not None, (kind, county)


# --- ids in the path -------------------------------------------------------------------------


def _id_cells():
    cells = []
    for op in id_operations():
        if isinstance(op.kind, Public) or op.kind is None:
            continue
        open_to = OPEN.get((op.method, op.path), ([], ""))[0]
        cells += [(op, role) for role in ROLES if role not in open_to]
    return cells


ID_CELLS = _id_cells()


@pytest.mark.parametrize(("op", "role"), _params(ID_CELLS, "id"))
def test_another_regions_object_answers_like_one_that_does_not_exist(op, role, world, callers):
    # given a real object of another county / prefecture, and an id nobody has
    call = callers[role]
    kind = op.kind
    problems = []
    for county in targets_for(role):
        # when the attacker asks for both the same way
        body = body_for(op)
        missing = call(op.method, _path(op, MISSING[kind.attr]), body=body, body_type=op.body_type)
        real = call(
            op.method,
            _path(op, _value(world, kind, county)),
            body=body,
            body_type=op.body_type,
        )
        # then the real one is refused, and exactly like the missing one
        if 200 <= real.status_code < 300 or _answer(real) != _answer(missing):
            problems.append(
                f"{county}: real {_answer(real)} vs missing {_answer(missing)}: "
                f"{real.content[:200]!r}"
            )
    assert not problems, "\n".join(problems)


# --- lists -----------------------------------------------------------------------------------

QUERY = {
    "lat": "30.657",
    "lng": "104.081",
    "category": "parking",
    "limit": "500",
}


def _query(op: Operation, **extra) -> dict:
    names = {p["name"] for p in op.params("query")}
    query = {k: v for k, v in QUERY.items() if k in names}
    query.update(extra)
    return query


def _items(response) -> list | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body.get("items") if isinstance(body, dict) else None


def _count(response):
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body.get("count") if isinstance(body, dict) else None


def _list_kind(op: Operation) -> Kind | None:
    found = PATH_KINDS.get(op.path.rstrip("/") + "/{id}")
    return found if isinstance(found, Kind) else None


def _leaks(world: World, op: Operation, role: str, response) -> list[str]:
    """What of the foreign counties an answer shows: their markers, or their objects' ids."""
    found = []
    _kind, text = text_of(response)
    for county in targets_for(role):
        if MARKER[county] in text:
            found.append(f"{county}: marker {MARKER[county]} in the answer")
    kind = _list_kind(op)
    items = _items(response)
    if kind and items:
        ids = {item.get("id") for item in items if isinstance(item, dict)}
        for county in targets_for(role):
            if _value(world, kind, county) in ids:
                found.append(f"{county}: its {kind.name} is listed")
    return found


LIST_CELLS = [(op, role) for op in list_operations() for role in ROLES if op.path not in OPEN_LISTS]


def _count_lists(world: World, roles: list[str], counts: dict) -> None:
    from django.db import transaction

    for op, role in LIST_CELLS:
        if role not in roles:
            continue
        with transaction.atomic():
            response = Caller(world.tokens[role])("GET", op.path, query=_query(op))
            counts[(op.label, role)] = _count(response) if response.status_code < 300 else None
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def baseline() -> dict:
    """Every list's count per attacker before any object it must not reach exists (filled by
    `world` between the phases of the build)."""
    return {}


@pytest.fixture(scope="module")
def world(home_world, baseline, django_db_blocker):
    # Counts first, for each attacker once the counties it may see exist, then the rest.
    with django_db_blocker.unblock():
        _count_lists(home_world, [r for r in ROLES if r != "prefecture_officer"], baseline)
        add_foreign(home_world, (NEAR,))
        _count_lists(home_world, ["prefecture_officer"], baseline)
        return add_foreign(home_world, (FAR,))


@pytest.mark.parametrize(("op", "role"), _params(LIST_CELLS, "list"))
def test_lists_neither_show_nor_count_another_regions_objects(op, role, world, callers, baseline):
    # when the attacker reads the list (as large a page as it gives)
    response = callers[role]("GET", op.path, query=_query(op))
    if not 200 <= response.status_code < 300:
        return  # refused outright: nothing shown
    # then nothing of the foreign counties is in it, and its count did not grow
    problems = _leaks(world, op, role, response)
    before = baseline[(op.label, role)]
    if before is not None and _count(response) != before:
        problems.append(f"count {before} → {_count(response)} after the foreign counties exist")
    assert not problems, "\n".join(problems)


# --- filters and bodies that name another region -----------------------------------------------


def _filter_cells():
    cells = []
    for op in operations():
        names = {p["name"] for p in op.params("query")}
        if op.method != "GET" or op.path_params or "region" not in names or op.path in OPEN_LISTS:
            continue
        cells += [(op, role) for role in REGIONAL]
    return cells


@pytest.mark.parametrize(("op", "role"), _params(_filter_cells(), "region"))
def test_asking_for_another_region_answers_nothing_of_it(op, role, world, callers):
    problems = []
    for county in [c for c in targets_for(role) if c != HOME]:
        # when the attacker asks for another county by its code
        response = callers[role]("GET", op.path, query=_query(op, region=county))
        if not 200 <= response.status_code < 300:
            continue
        # then the answer says nothing about it
        _kind, text = text_of(response)
        if county in text or MARKER[county] in text:
            problems.append(f"{county} answered {response.status_code}: {text[:200]}")
        elif _count(response) not in (None, 0):
            problems.append(f"{county}: count {_count(response)}")
    assert not problems, "\n".join(problems)


def _field_cells():
    cells = []
    for op in operations():
        if op.path_params:
            continue
        if id_fields(op) or (op.body_type == "application/json" and _region_fields(op)):
            cells += [(op, role) for role in ROLES if (op.method, op.path, role) not in OPEN_FIELDS]
    return cells


def _region_fields(op: Operation) -> list[str]:
    props = op.body_schema.get("properties", {})
    return [n for n in props if n in ("region", "region_code")]


def _field_request(op: Operation, where: str, name: str, value):
    body = body_for(op) if op.body_type else None
    query = _query(op) if op.method == "GET" else None
    if where == "query":
        query = {**(query or {}), name: value}
    else:
        body = {**(body or {}), name: value}
    return body, query


@pytest.mark.parametrize(("op", "role"), _params(_field_cells(), "field"))
def test_ids_and_regions_in_queries_and_bodies_reach_nothing_elsewhere(op, role, world, callers):
    call = callers[role]
    problems = []
    for county in targets_for(role):
        for where, name in id_fields(op):
            kind = FIELD_KINDS[name]
            answers = []
            for value in (MISSING[kind.attr if kind.attr in MISSING else "pk"], None):
                real = _value(world, kind, county) if value is None else value
                if kind.attr == "pickup_code" and value is not None:
                    real = "00000000"
                body, query = _field_request(op, where, name, real)
                answers.append(
                    call(op.method, op.path, body=body, body_type=op.body_type, query=query)
                )
            missing, real = answers
            if op.method == "GET":
                leaks = _leaks(world, op, role, real) if real.status_code < 300 else []
                if leaks or (real.status_code < 300 and _count(real) not in (None, 0)):
                    problems.append(f"{county} {where} {name}: {leaks or _count(real)}")
            elif 200 <= real.status_code < 300 or _answer(real) != _answer(missing):
                problems.append(
                    f"{county} {where} {name}: real {_answer(real)} vs missing {_answer(missing)}"
                )
        for name in _region_fields(op):
            body = {**(body_for(op) or {}), name: county}
            response = call(op.method, op.path, body=body, body_type=op.body_type)
            if 200 <= response.status_code < 300:
                problems.append(f"{county} body {name}: answered {response.status_code}")
    assert not problems, "\n".join(problems)


# --- writes reserved to a role, inside the writer's own region ----------------------------------

# Path prefix → the roles that may write there (every other role must be refused, even on its
# own county's objects). New operations under a prefix are covered without edits.
WRITERS: dict[str, set[str]] = {
    "/api/v1/planning/": {"county_officer", "prefecture_officer"},
}


def _write_cells():
    cells = []
    for op in operations():
        prefix = next((p for p in WRITERS if op.path.startswith(p)), None)
        if op.method == "GET" or prefix is None:
            continue
        cells += [(op, role) for role in ROLES if role not in WRITERS[prefix]]
    return cells


def _home_path(world: World, op: Operation) -> str | None:
    if not op.path_params:
        return op.path
    kind = op.kind
    if not isinstance(kind, Kind):
        return None
    return _path(op, _value(world, kind, HOME))


@pytest.mark.parametrize(("op", "role"), _params(_write_cells(), "write"))
def test_writes_reserved_to_a_role_are_refused_to_everyone_else(op, role, world, callers):
    # given an object of the attacker's own county (or a new one in it)
    body = body_for(op)
    if op.body_type == "application/json" and isinstance(body, dict):
        body = {**body, **{k: HOME for k in _region_fields(op)}}
    # when a role that may not write there tries
    response = callers[role](op.method, _home_path(world, op), body=body, body_type=op.body_type)
    # then it is refused
    assert not 200 <= response.status_code < 300, response.content[:300]


def _auditor_cells():
    return [
        (op, "auditor")
        for op in operations()
        if op.method != "GET"
        and op.spec.get("security")
        and _home_path_possible(op)
        and (op.method, op.path) not in SELF_SERVICE
    ]


def _home_path_possible(op: Operation) -> bool:
    return not op.path_params or isinstance(op.kind, Kind)


@pytest.mark.parametrize(("op", "role"), _params(_auditor_cells(), "auditor"))
def test_the_auditor_changes_nothing_anywhere(op, role, world, callers):
    # given any object (the auditor has no region: every object is out of reach)
    body = body_for(op)
    # when the auditor writes (an auditor only reads the audit log, DESIGN §4 rule 8)
    response = callers[role](op.method, _home_path(world, op), body=body, body_type=op.body_type)
    # then it is refused
    assert not 200 <= response.status_code < 300, response.content[:300]


def test_the_matrix_covers_every_operation_that_takes_an_id():
    # then report the size of the matrix (operations × roles × objects)
    ops = [op for op in id_operations() if isinstance(op.kind, Kind)]
    cells = sum(len(targets_for(role)) for _op, role in ID_CELLS)
    lines = [
        f"access matrix: {len(ops)} id operations, {len(ID_CELLS)} operation×role cells, "
        f"{cells} real objects tried; {len(LIST_CELLS)} list×role cells; "
        f"{len(_filter_cells())} region-filter cells; {len(_field_cells())} query/body-id cells; "
        f"{len(_write_cells())} reserved-write cells; {len(_auditor_cells())} auditor-write cells",
    ]
    for line in lines:
        report(line)
    assert ops and ID_CELLS
    assert HOME not in targets_for("county_officer")
