"""The API is typed (DESIGN §3): /api/v1/openapi.json describes every answer.

Every operation has a 2xx answer with a schema a client can be generated from (an object with
properties, a list, a file: never a bare `dict`), every refusal it declares has the shared error
body, and no two schemas share a component name (ninja would silently keep only one of them, and
every operation using the other would be described wrongly).
"""

from __future__ import annotations

import json

import pytest
from ninja.openapi.schema import OpenAPISchema

BARE_OBJECTS = ({}, {"type": "object"}, {"additionalProperties": True, "type": "object"})
ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}

# Operations not typed yet, each app's until its branch types it ("METHOD path" as in the
# schema, without /api/v1). The list is exact: an operation typed since fails the test until it
# is removed here, so the list only shrinks.
PENDING_UNTYPED: set[str] = set()
# Refusals declared with another body than `ErrorOut`, and component names shared by two
# schemas, until the branch fixing them is merged (exact, like PENDING_UNTYPED).
PENDING_ERROR_BODIES: set[str] = set()
PENDING_DUPLICATES: set[str] = set()


def _schema() -> dict:
    from config.api import api

    return api.get_openapi_schema(path_prefix="")


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path.removeprefix('/api/v1')}", operation


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _typed(schema: dict, media: dict) -> bool:
    node = media.get("schema")
    if not node:
        return False
    node = _resolve(schema, node)
    stripped = {k: v for k, v in node.items() if k not in ("title", "description")}
    if stripped in BARE_OBJECTS:
        return False
    if node.get("type") == "object" and not node.get("properties"):
        return False
    return True


def test_every_operation_has_a_typed_success_answer():
    schema = _schema()
    untyped = []
    for label, operation in _operations(schema):
        successes = {s: r for s, r in operation["responses"].items() if str(s).startswith("2")}
        if not successes:
            untyped.append(label)
            continue
        for status, answer in successes.items():
            content = answer.get("content")
            if str(status) == "204":
                if content:
                    untyped.append(label)
                continue
            if not content or not all(_typed(schema, m) for m in content.values()):
                untyped.append(label)
    assert sorted(set(untyped)) == sorted(PENDING_UNTYPED)


def test_every_declared_refusal_has_the_error_body():
    # a 4xx is always the shared ErrorOut; a 5xx at least a typed body (the health check's 503
    # is its report of what is down)
    schema = _schema()
    wrong = []
    for label, operation in _operations(schema):
        for status, answer in operation["responses"].items():
            media = answer.get("content", {}).get("application/json", {})
            if str(status)[0] == "4" and media.get("schema") != ERROR_REF:
                wrong.append(label)
            if str(status)[0] == "5" and not _typed(schema, media):
                wrong.append(label)
    assert sorted(set(wrong)) == sorted(PENDING_ERROR_BODIES)


def test_no_two_schemas_share_a_component_name(monkeypatch):
    # given ninja's way of gathering component schemas, watched as the whole schema is built
    seen: dict[str, set[str]] = {}
    original = OpenAPISchema.add_schema_definitions

    def watching(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            seen.setdefault(name, set()).add(json.dumps(definition, sort_keys=True))
        return original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", watching)
    _schema()
    # then every name stands for one schema
    assert seen, "no component was gathered: the watch is not where ninja adds them"
    shared = {name for name, shapes in seen.items() if len(shapes) > 1}
    assert sorted(shared) == sorted(PENDING_DUPLICATES)


@pytest.mark.parametrize("status", [401, 422])
def test_the_refusals_implied_by_an_operations_shape_are_declared(status):
    schema = _schema()
    missing = []
    for label, operation in _operations(schema):
        takes_input = bool(operation.get("parameters")) or "requestBody" in operation
        implied = {401: bool(operation.get("security")), 422: takes_input}[status]
        if implied and str(status) not in {str(s) for s in operation["responses"]}:
            missing.append(label)
    assert missing == []
