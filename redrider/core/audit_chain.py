"""The audit log as a hash chain: a row changed, removed or slipped in breaks it.

Rows are inserted by `core.audit.audit_record` inside their service's transaction, in whatever
order transactions commit across app processes; shortly after commit each row is *sealed*: it
gets the next `seq` and `hash = SHA-256(prev_hash, its canonical content)`, where `prev_hash` is
the hash of the row sealed just before it. Sealing holds the one `AuditChainHead` row's lock, so
the chain is a single line whatever the number of processes; the order of the chain is the order
of sealing, not of ids (a transaction that commits late is sealed late, never lost).

Sealing runs after each audited commit (`request_seal`, skipping when another process holds the
lock: that one or the next takes the row) and from the schedule (`redrider audit_seal`,
deploy/schedule). `redrider audit_verify` recomputes every hash from the first row; it reports
the first break, unsealed rows older than a few minutes, and prints the head (`seq:hash`),
which operations copies out of the database daily, so a rewrite of the whole chain by someone
holding the database is caught too (`--expect-head`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

log = logging.getLogger("redrider.audit")

GENESIS = "0" * 64
BATCH = 500


def canonical(row: dict, seq: int) -> bytes:
    """The bytes a row's hash covers: every column but the chain's own, in a fixed form."""
    at = row["at"]
    if isinstance(at, dt.datetime):
        at = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    detail = row["detail"]
    if isinstance(detail, str):  # a backend that hands JSON back as text
        detail = json.loads(detail)
    content = [
        seq,
        row["id"],
        at,
        row["actor_id"],
        row["actor_label"],
        row["action"],
        row["object_type"],
        row["object_id"],
        row["region_code"],
        row["result"],
        row["ip"],
        detail,
    ]
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(prev: str, row: dict, seq: int) -> str:
    return hashlib.sha256(prev.encode() + b"\n" + canonical(row, seq)).hexdigest()


FIELDS = (
    "id",
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
)


def _writable():
    """The audit table's queryset without the append-only guard (the seal's one update)."""
    return models.QuerySet(model=AuditEvent)


def seal(*, wait: bool = True, batch: int = BATCH) -> int:
    """Seal the unsealed rows, oldest id first; returns how many. `wait=False` gives up at once
    when another process is sealing (PostgreSQL's SKIP LOCKED)."""
    sealed = 0
    while True:
        with transaction.atomic():
            heads = AuditChainHead.objects.select_for_update(
                skip_locked=not wait and connection.features.has_select_for_update_skip_locked
            ).filter(pk=1)
            head = heads.first()
            if head is None:
                if not AuditChainHead.objects.filter(pk=1).exists():
                    head = AuditChainHead.objects.create(pk=1)
                else:
                    return sealed  # another process holds the lock
            rows = list(
                AuditEvent.objects.filter(seq__isnull=True).order_by("id").values(*FIELDS)[:batch]
            )
            if not rows:
                return sealed
            seq, prev = head.seq, head.hash
            for row in rows:
                seq += 1
                digest = chain_hash(prev, row, seq)
                _writable().filter(pk=row["id"], seq__isnull=True).update(
                    seq=seq, prev_hash=prev, hash=digest
                )
                prev = digest
            head.seq, head.hash = seq, prev
            head.save(update_fields=["seq", "hash"])
            sealed += len(rows)
        if len(rows) < batch:
            return sealed


def request_seal() -> None:
    """After an audited commit: seal now unless another process is at it (never raises)."""
    try:
        seal(wait=False)
    except Exception:  # noqa: BLE001 - the row is sealed by the next commit or the schedule
        log.warning("audit sealing deferred", exc_info=True)


@dataclass
class Verdict:
    sealed: int = 0
    unsealed: int = 0
    stale_unsealed: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(*, stale_after: dt.timedelta = dt.timedelta(minutes=10)) -> Verdict:
    """Walk the chain from its first row: every hash recomputed, no gap, the head matching."""
    verdict = Verdict()
    prev, expected_seq = GENESIS, 0
    rows = (
        AuditEvent.objects.filter(seq__isnull=False)
        .order_by("seq")
        .values(*FIELDS, "seq", "prev_hash", "hash")
    )
    for row in rows.iterator(chunk_size=5000):
        expected_seq += 1
        if row["seq"] != expected_seq:
            verdict.problems.append(
                f"seq {expected_seq}: missing (next is {row['seq']}, row {row['id']})"
            )
            expected_seq = row["seq"]
        if row["prev_hash"] != prev:
            verdict.problems.append(
                f"seq {row['seq']} (row {row['id']}): link to the row before broken"
            )
        digest = chain_hash(row["prev_hash"], row, row["seq"])
        if digest != row["hash"]:
            verdict.problems.append(f"seq {row['seq']} (row {row['id']}): content changed")
        prev = row["hash"]
        verdict.sealed += 1
        if len(verdict.problems) >= 50:
            break
    head = AuditChainHead.objects.filter(pk=1).first()
    verdict.head_seq, verdict.head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if not verdict.problems and (verdict.head_seq, verdict.head_hash) != (expected_seq, prev):
        verdict.problems.append(
            f"head says {verdict.head_seq}:{verdict.head_hash[:12]}, chain ends at "
            f"{expected_seq}:{prev[:12]} (rows removed from the end?)"
        )
    unsealed = AuditEvent.objects.filter(seq__isnull=True)
    verdict.unsealed = unsealed.count()
    verdict.stale_unsealed = unsealed.filter(at__lt=timezone.now() - stale_after).count()
    return verdict
