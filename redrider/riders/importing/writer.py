"""Writing validated records: bulk inserts and updates inside the caller's transaction.

Speed matters (a province's list is ~10^5 rows): riders are built in memory and written with
`bulk_create`/`bulk_update` in batches; the encrypted columns are sealed by the field as each
batch is prepared, and the blind indexes were computed during validation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone

from redrider.core.context import current_ip
from redrider.core.models import AuditEvent
from redrider.core.pii import EncryptedTextField, encrypt

from ..choices import CompanyKind, RiderSource
from ..models import Company, Rider
from .rows import Record

BATCH = 1000
CHUNK = 900  # ids per IN (...) query, under every backend's parameter limit
UPDATED_FIELDS = [
    "name",
    "phone",
    "name_index",
    "phone_index",
    "region_code",
    "kind",
    "company",
    "site",
    "joined_on",
    "status",
    "left_on",
    "political_status",
    "mobile_party_member",
    "community_organisation",
    "housing_fund_months",
    "updated_at",
]

Progress = Callable[[str, int, int], None]


def existing_riders(id_indexes: list[str]) -> dict[str, dict]:
    """Known riders by blind index, without decrypting anything."""
    found: dict[str, Any] = {}
    for start in range(0, len(id_indexes), CHUNK):
        chunk = id_indexes[start : start + CHUNK]
        for row in Rider.objects.filter(id_index__in=chunk).values(
            "pk",
            "id_index",
            "political_status",
            "housing_fund_months",
            "mobile_party_member",
            "community_organisation",
            "consent_withdrawn_at",
        ):
            found[row["id_index"]] = row
    return found


def _companies(records: list[Record]) -> dict[tuple[str, str, str], int]:
    """Company ids for every (county, kind, name) the records name; missing ones are created."""
    wanted: set[tuple[str, str, str]] = set()
    for r in records:
        if r.company:
            wanted.add((r.region_code, CompanyKind.THIRD_PARTY, r.company))
        if r.site:
            wanted.add((r.region_code, CompanyKind.DELIVERY_SITE, r.site))
    if not wanted:
        return {}
    names = sorted({w[2] for w in wanted})
    ids: dict[tuple[str, str, str], int] = {}
    for start in range(0, len(names), CHUNK):
        for pk, code, kind, name in Company.objects.filter(
            name__in=names[start : start + CHUNK]
        ).values_list("pk", "region_code", "kind", "name"):
            ids[(code, kind, name)] = pk
    missing = [
        Company(region_code=c, kind=k, name=n) for (c, k, n) in wanted if (c, k, n) not in ids
    ]
    for company in Company.objects.bulk_create(missing, batch_size=BATCH):
        ids[(company.region_code, company.kind, company.name)] = company.pk
    return ids


def write_records(records: list[Record], *, actor, job_id: int | None, progress: Progress) -> dict:
    """Insert new riders, update known ones, add platforms; one audit row per rider touched.

    Must run inside a transaction (the caller's `atomic`), so a failure writes nothing.
    Returns `{"created", "updated", "platform_links"}`.
    """
    known = existing_riders([r.id_idx for r in records])
    # A rider who withdrew consent keeps only counts (PIPL): an import never refills them.
    withdrawn = {k for k, row in known.items() if row["consent_withdrawn_at"] is not None}
    records = [r for r in records if r.id_idx not in withdrawn]
    total = len(records)
    companies = _companies(records)
    now = timezone.now()
    new, changed = [], []
    for r in records:
        company_id = (
            companies.get((r.region_code, CompanyKind.THIRD_PARTY, r.company))
            if r.company
            else None
        )
        site_id = (
            companies.get((r.region_code, CompanyKind.DELIVERY_SITE, r.site)) if r.site else None
        )
        old = known.get(r.id_idx)
        rider = Rider(
            region_code=r.region_code,
            name=r.name,
            id_number=r.id_number,
            phone=r.phone,
            name_index=r.name_idx,
            id_index=r.id_idx,
            phone_index=r.phone_idx,
            gender=r.gender,
            birth_year=r.birth_year,
            kind=r.kind,
            company_id=company_id,
            site_id=site_id,
            joined_on=r.joined_on,
            status=r.status,
            left_on=r.left_on,
            political_status=r.political_status or (old["political_status"] if old else "masses"),
            mobile_party_member=r.mobile_party_member or bool(old and old["mobile_party_member"]),
            community_organisation=r.community_organisation
            or (old["community_organisation"] if old else ""),
            housing_fund_months=max(
                r.housing_fund_months or 0, old["housing_fund_months"] if old else 0
            ),
            source=RiderSource.IMPORT,
            created_at=now,
            updated_at=now,
        )
        if old:
            rider.pk = old["pk"]
            changed.append(rider)
        else:
            new.append(rider)
    done = 0
    if new:
        _insert_riders(new, now)
        done += len(new)
        progress("writing", done, total)
        ids = {
            row["id_index"]: row["pk"]
            for row in existing_riders([r.id_index for r in new]).values()
        }
        for rider in new:
            rider.pk = ids[rider.id_index]
    for start in range(0, len(changed), BATCH):
        Rider.objects.bulk_update(changed[start : start + BATCH], UPDATED_FIELDS)
        done += len(changed[start : start + BATCH])
        progress("writing", done, total)
    by_index = {r.id_index: r.pk for r in new + changed}
    links = [(by_index[r.id_idx], pid) for r in records for pid in r.platform_ids]
    # A known rider may already have the platform: the link is then left as it is.
    _executemany(
        Rider.platforms.through, ["rider_id", "platform_id"], links, on_conflict_ignore=True
    )
    progress("linking", len(links), len(links))
    _insert_audit(new, changed, actor=actor, job_id=job_id, now=now)
    progress("auditing", len(new) + len(changed), total)
    return {
        "created": len(new),
        "updated": len(changed),
        "platform_links": len(links),
        "skipped_withdrawn": len(withdrawn),
    }


def _executemany(
    model, columns: list[str], rows: list[tuple], *, on_conflict_ignore: bool = False
) -> None:
    """Insert many rows without per-value ORM preparation: PostgreSQL's COPY (through a
    temporary table when conflicts are to be ignored), elsewhere one parameterised INSERT run
    with executemany (`ON CONFLICT DO NOTHING` is understood by SQLite 3.24+ as well)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        _copy(table, names, rows, on_conflict_ignore)
        return
    marks = ", ".join(["%s"] * len(columns))
    suffix = " ON CONFLICT DO NOTHING" if on_conflict_ignore else ""
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 5):
            # Identifiers come from model metadata, values are parameters.
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks}){suffix}",  # noqa: S608
                rows[start : start + BATCH * 5],
            )


def _copy(table: str, names: str, rows: list[tuple], on_conflict_ignore: bool) -> None:
    # Identifiers come from model metadata; values travel in COPY's data stream.
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        target = table
        if on_conflict_ignore:
            target = "riders_copy_buffer"
            raw.execute(
                f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
        with raw.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if on_conflict_ignore:
            raw.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {target} "  # noqa: S608
                "ON CONFLICT DO NOTHING"
            )
            raw.execute(f"DROP TABLE {target}")


def _insert_riders(riders: list[Rider], now) -> None:
    """Insert new riders; name, ID number and phone are sealed here in one tight loop (the
    same `core.pii.encrypt` the field uses, so the ORM reads them back as usual)."""
    fields = [f for f in Rider._meta.concrete_fields if not f.primary_key]
    columns = [str(f.column) for f in fields]
    sealed = {f.attname for f in fields if isinstance(f, EncryptedTextField)}
    plain = [(f.attname, f) for f in fields]
    stamp = connection.ops.adapt_datetimefield_value(now)
    rows = []
    for rider in riders:
        row = []
        for attname, _field in plain:
            value = getattr(rider, attname)
            if attname in sealed:
                row.append(encrypt(value) if value else value)
            elif attname in ("created_at", "updated_at", "consent_at"):
                row.append(stamp if value else None)
            elif value is not None and attname in ("joined_on", "left_on"):
                row.append(connection.ops.adapt_datefield_value(value))
            else:
                row.append(value)
        rows.append(tuple(row))
    _executemany(Rider, columns, rows)


def _insert_audit(new: list[Rider], changed: list[Rider], *, actor, job_id, now) -> None:
    """One audit row per rider created or updated (who, when, which rider, which job)."""
    label = (getattr(actor, "username", "") or "import")[:150]
    user_id = actor.pk if getattr(actor, "pk", None) else None
    ip = current_ip.get()
    stamp = connection.ops.adapt_datetimefield_value(now)
    detail = json.dumps({"job": job_id})
    rows = [
        (stamp, user_id, label, action, "Rider", str(rider.pk), rider.region_code, "ok", ip, detail)
        for action, group in (("rider.import_create", new), ("rider.import_update", changed))
        for rider in group
    ]
    _executemany(
        AuditEvent,
        [
            "at",
            "actor_id",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "region_code",
            "result",
            "ip",
            "detail",
        ],
        rows,
    )
