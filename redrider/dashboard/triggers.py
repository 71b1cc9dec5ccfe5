"""Database triggers that mark every write to a table an indicator counts (rollups.py).

For each table some rolled-up indicator reads (its model and the models it `depends` on), an
AFTER INSERT / UPDATE / DELETE trigger writes `(table, region code)` into
`dashboard_pendingchange` in the writer's own transaction — the old and the new region of an
update, so a move between regions marks both. Nothing that writes (a service, `.update()` on
many rows, a deletion, raw SQL) can skip it. A row without a region column of its own (a
check-in) takes the region of the row it points to (its station).

PostgreSQL: one statement-level trigger per operation, reading the statement's transition
tables (a bulk update marks each region once, not once per row). A bulk load may switch the
marking off for its transaction with `SET LOCAL redrider.rollups_off = 'on'` and call
`rollups.rebuild()` after. SQLite: row-level triggers.

Installed after every `migrate` (apps.py), idempotently: SQLite rebuilds a table to alter it,
which drops its triggers, so installing once in a migration would not be enough.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

from . import registry


@dataclass(frozen=True)
class Source:
    """A table, and how to find the region of one of its rows aliased `r`: a column of its own
    or the column of the row a foreign key points to."""

    table: str
    column: str = "region_code"
    via_table: str | None = None
    via_fk: str | None = None

    def select(self, rows: str) -> str:
        """`SELECT DISTINCT '<table>', <region> FROM <rows> r ...` for a trigger body."""
        if self.via_table:
            # Identifiers from the models' metadata, never from input.
            return (
                f"SELECT DISTINCT '{self.table}', v.{self.column} FROM {rows} r "  # noqa: S608
                f"JOIN {self.via_table} v ON v.id = r.{self.via_fk} "
                f"WHERE v.{self.column} IS NOT NULL"
            )
        return (
            f"SELECT DISTINCT '{self.table}', r.{self.column} FROM {rows} r "  # noqa: S608
            f"WHERE r.{self.column} IS NOT NULL"
        )

    def value(self, row: str) -> str:
        """The region of the row `row` (NEW or OLD) for a row-level trigger."""
        if self.via_table:
            via = f"{self.via_table} WHERE id = {row}.{self.via_fk}"
            return f"(SELECT {self.column} FROM {via})"  # noqa: S608
        return f"{row}.{self.column}"


def sources() -> list[Source]:
    """Every table a rolled-up indicator reads, with how to find a row's region."""
    found: dict[str, Source] = {}
    for tally in registry.tallies():
        for model in (tally.model, *tally.depends):
            table = model._meta.db_table
            if table in found:
                continue
            names = {f.name for f in model._meta.concrete_fields}
            if "region_code" in names:
                found[table] = Source(table)
                continue
            # No region of its own: the tally's region path says which row holds it.
            fk_name, _, rest = tally.region.partition("__")
            if model is not tally.model or not rest or "__" in rest:
                raise ValueError(f"{table}: no way to find the region of a row")
            fk = model._meta.get_field(fk_name)
            target = fk.related_model
            found[table] = Source(
                table,
                column=target._meta.get_field(rest).column,
                via_table=target._meta.db_table,
                via_fk=fk.column,
            )
    return sorted(found.values(), key=lambda s: s.table)


def _name(source: Source, op: str) -> str:
    return f"rollup_{source.table}_{op}"[:63]


def _postgresql(source: Source) -> list[str]:
    function = f"rollup_mark_{source.table}"[:63]
    insert = "INSERT INTO dashboard_pendingchange (source, region_code) "
    body = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('redrider.rollups_off', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    {insert}{source.select("new_rows")};
  END IF;
  IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
    {insert}{source.select("old_rows")};
  END IF;
  RETURN NULL;
END $$;"""
    t = source.table
    return [
        body,
        f"CREATE OR REPLACE TRIGGER {_name(source, 'ins')} AFTER INSERT ON {t} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE OR REPLACE TRIGGER {_name(source, 'upd')} AFTER UPDATE ON {t} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE OR REPLACE TRIGGER {_name(source, 'del')} AFTER DELETE ON {t} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _sqlite(source: Source) -> list[str]:
    t = source.table

    def mark(row: str) -> str:
        value = source.value(row)
        return (
            f"INSERT INTO dashboard_pendingchange (source, region_code) "
            f"SELECT '{t}', {value} WHERE {value} IS NOT NULL;"
        )

    return [
        f"CREATE TRIGGER IF NOT EXISTS {_name(source, 'ins')} AFTER INSERT ON {t} "
        f"BEGIN {mark('NEW')} END",
        f"CREATE TRIGGER IF NOT EXISTS {_name(source, 'upd')} AFTER UPDATE ON {t} "
        f"BEGIN {mark('OLD')} {mark('NEW')} END",
        f"CREATE TRIGGER IF NOT EXISTS {_name(source, 'del')} AFTER DELETE ON {t} "
        f"BEGIN {mark('OLD')} END",
    ]


def install(using: str = "default") -> int:
    """Create (or replace) every trigger; returns how many tables are watched."""
    conn = connections[using]
    if conn.vendor not in ("postgresql", "sqlite"):  # pragma: no cover - other engines
        return 0
    existing = set(conn.introspection.table_names())
    if "dashboard_pendingchange" not in existing:
        return 0
    watched = [s for s in sources() if s.table in existing]
    build = _postgresql if conn.vendor == "postgresql" else _sqlite
    with conn.cursor() as cursor:
        for source in watched:
            for sql in build(source):
                cursor.execute(sql)
    return len(watched)


def installed(using: str = "default") -> set[str]:
    """The names of the rollup triggers the database has (for checks and tests)."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'rollup_%'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup_%'"
            )
        return {row[0] for row in cursor.fetchall()}


def expected() -> set[str]:
    return {_name(s, op) for s in sources() for op in ("ins", "upd", "del")}
