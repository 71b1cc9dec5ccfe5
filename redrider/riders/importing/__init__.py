"""Census import (名单导入): template, reading, row validation, merging and bulk writing.

`run_import(data, ...)` is the one entry point: the services (web/API jobs) and the
`import_riders` command both call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .reader import FileRefused, check_size, open_sheet, sniff
from .rows import Lookups, Validator, row_dict
from .writer import Progress, existing_riders, write_records

__all__ = ["FileRefused", "ImportOutcome", "run_import"]

PROGRESS_EVERY = 2000


@dataclass
class ImportOutcome:
    status: str  # "invalid" | "valid" | "done"
    rows: int = 0
    errors: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def _quiet(phase: str, done: int, total: int) -> None:
    pass


def run_import(
    data: bytes,
    filename: str,
    *,
    actor,
    scope_code: str,
    commit: bool,
    job_id: int | None = None,
    progress: Progress = _quiet,
) -> ImportOutcome:
    """Validate a whole file; when `commit` and no row is bad, write every row in one transaction.

    Raises FileRefused for a file-level problem (type, size, corruption, header). Every row's
    county must lie within `scope_code`. Nothing is written unless the result is "done".
    """
    check_size(len(data))
    kind = sniff(data, filename)
    sheet = open_sheet(data, kind)
    lookups = Lookups.load(scope_code)
    validator = Validator(lookups)
    total = sheet.total
    progress("validating", 0, total)
    try:
        columns = sheet.columns
        for number, values in sheet.rows:
            validator.add(number, row_dict(columns, values))
            if validator.rows_seen % PROGRESS_EVERY == 0:
                progress("validating", validator.rows_seen, max(total, validator.rows_seen))
    finally:
        sheet.close()
    rows = validator.rows_seen
    progress("validating", rows, rows)
    if rows == 0:
        raise FileRefused("empty_file", "文件中没有数据行", "the file has no data rows")
    records = list(validator.records.values())
    merged = rows - len(records)
    if validator.errors:
        validator.errors.sort(key=lambda e: e["row"])
        return ImportOutcome(
            "invalid",
            rows,
            validator.errors,
            {"rows": rows, "bad_rows": len({e["row"] for e in validator.errors})},
        )
    if not commit:
        known = existing_riders([r.id_idx for r in records])
        withdrawn = sum(1 for row in known.values() if row["consent_withdrawn_at"] is not None)
        return ImportOutcome(
            "valid",
            rows,
            [],
            {
                "rows": rows,
                "people": len(records),
                "merged_rows": merged,
                "would_create": len(records) - len(known),
                "would_update": len(known) - withdrawn,
                "would_skip_withdrawn": withdrawn,
            },
        )
    with transaction.atomic():
        written = write_records(records, actor=actor, job_id=job_id, progress=progress)
    return ImportOutcome(
        "done", rows, [], {"rows": rows, "people": len(records), "merged_rows": merged, **written}
    )
