"""``Store(url)``: reports in, one consolidated event per real-world event out.

Every batch of reports is one transaction: a process killed mid-ingest leaves whole
batches or nothing, and running the same ingest again skips what was committed
(reports are keyed by doc_id and content hash, document events by their deterministic id).
"""

from __future__ import annotations

import getpass
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from itertools import islice
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from frontlines.consolidate import duplicates
from frontlines.consolidate.match import DATE_WINDOW_DAYS, match
from frontlines.consolidate.reconcile import EDITABLE_FIELDS, reconcile
from frontlines.consolidate.records import DocEvent
from frontlines.errors import StoreError
from frontlines.model import CERTAINTY_LEVELS, Event, Report
from frontlines.store.database import (
    WRITE_OPTION,
    create_store_engine,
    lock_for_writing,
    normalise_url,
    upgrade_schema,
)
from frontlines.store.schema import doc_events, edits, events, merges, overrides, report_bands, reports

log = logging.getLogger(__name__)

Extractor = Callable[[Iterable[Report]], Iterable[Event]]
DEFAULT_BATCH_SIZE = 50

_INT_FIELDS = {
    "time_precision",
    "inter1",
    "inter2",
    "geo_precision",
    "geonameid",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "arrested",
    "abducted",
    "displaced",
}
_FLOAT_FIELDS = {"latitude", "longitude"}
_BOOL_FIELDS = {"toll_may_rise"}
_NULL_WORDS = {"", "null", "none"}


@dataclass
class IngestSummary:
    """What one ingest did, for the CLI to print and tests to check."""

    reports: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    exact_copies: int = 0
    near_copies: int = 0
    doc_events: int = 0
    events_created: int = 0
    events_updated: int = 0
    merges: int = 0
    batches: int = 0

    def add(self, other: IngestSummary) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class _Batch:
    """State shared by the steps of one ingest transaction."""

    connection: Connection
    now: datetime
    summary: IngestSummary = field(default_factory=IngestSummary)
    #: Consolidated events whose record must be reconciled before commit.
    touched: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)


def default_extractor() -> Extractor:
    try:
        from frontlines.pipeline import extract
    except ImportError as exc:
        raise StoreError(f"the extraction pipeline is not available ({exc})") from exc
    return extract


def parse_field_value(name: str, raw: str) -> Any:
    """A typed value for ``name`` from text typed on the command line."""
    if name not in EDITABLE_FIELDS:
        raise StoreError(f"{name!r} cannot be edited; editable fields: {', '.join(sorted(EDITABLE_FIELDS))}")
    text = raw.strip()
    if text.lower() in _NULL_WORDS:
        return None
    try:
        if name in _INT_FIELDS:
            return int(text)
        if name in _FLOAT_FIELDS:
            return float(text)
    except ValueError:
        raise StoreError(f"{name} must be a number, got {raw!r}") from None
    if name in _BOOL_FIELDS:
        if text.lower() in ("true", "yes", "1"):
            return True
        if text.lower() in ("false", "no", "0"):
            return False
        raise StoreError(f"{name} must be true or false, got {raw!r}")
    return text


def _check_value(name: str, value: Any) -> Any:
    """Validate a typed edit, returning the JSON-ready value to store."""
    if name not in EDITABLE_FIELDS:
        raise StoreError(f"{name!r} cannot be edited; editable fields: {', '.join(sorted(EDITABLE_FIELDS))}")
    if value is None:
        return None
    if name == "event_date":
        try:
            return (value if isinstance(value, date) else date.fromisoformat(str(value))).isoformat()
        except ValueError:
            raise StoreError(f"event_date must be YYYY-MM-DD, got {value!r}") from None
    if name == "certainty" and value not in CERTAINTY_LEVELS:
        raise StoreError(f"certainty must be one of {', '.join(CERTAINTY_LEVELS)}, got {value!r}")
    if name in _INT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise StoreError(f"{name} must be an integer, got {value!r}")
        if value < 0:
            raise StoreError(f"{name} cannot be negative, got {value}")
    if name in _FLOAT_FIELDS and not isinstance(value, (int, float)):
        raise StoreError(f"{name} must be a number, got {value!r}")
    if name in _BOOL_FIELDS and not isinstance(value, bool):
        raise StoreError(f"{name} must be true or false, got {value!r}")
    return value


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class Store:
    """The event store. ``url``: ``sqlite:///file.db`` (the default ``./frontlines.db``),
    a bare file path, or ``postgresql://user@host/db``. Opening it brings the schema up to date.

    ``extractor`` turns reports into document-level events; by default
    ``frontlines.pipeline.extract``. Tests pass their own.
    """

    def __init__(self, url: str | None = None, *, extractor: Extractor | None = None):
        self.url = normalise_url(url)
        self.engine = create_store_engine(self.url)
        self._extractor = extractor
        upgrade_schema(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # ------------------------------------------------------------------ ingest

    def ingest(
        self,
        reports_in: Iterable[Report],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        extractor: Extractor | None = None,
        reextract: bool = False,
        on_batch: Callable[[IngestSummary], None] | None = None,
    ) -> IngestSummary:
        """Extract and store reports, one transaction per batch of ``batch_size``.

        Reports already stored with the same text, and byte-identical copies of stored
        reports, are not extracted again. ``reextract`` re-runs extraction on known
        reports too (after a better pipeline); analysts' corrections still win.
        """
        if batch_size < 1:
            raise StoreError(f"batch_size must be at least 1, got {batch_size}")
        extract = extractor or self._extractor or default_extractor()
        total = IngestSummary()
        for batch in _batched(reports_in, batch_size):
            to_extract = self._needing_extraction(batch, reextract=reextract)
            by_doc: dict[str, list[Event]] = defaultdict(list)
            if to_extract:
                for event in extract(to_extract):
                    by_doc[event.doc_id].append(event)
            extracted_ids = {r.doc_id for r in to_extract}
            items = [(r, by_doc.get(r.doc_id, []) if r.doc_id in extracted_ids else None) for r in batch]
            summary = self._ingest_batch(items, reextract=reextract)
            total.add(summary)
            if on_batch is not None:
                on_batch(summary)
        return total

    def ingest_extracted(self, items: Iterable[tuple[Report, Sequence[Event]]]) -> IngestSummary:
        """Store reports with events already extracted, all in one transaction."""
        return self._ingest_batch([(report, list(found)) for report, found in items], reextract=False)

    def _needing_extraction(self, batch: Sequence[Report], *, reextract: bool) -> list[Report]:
        """The reports in ``batch`` that are neither stored already nor exact copies."""
        hashes = {r.doc_id: duplicates.content_hash(r.text) for r in batch}
        with self.engine.connect() as connection:
            known = dict(
                connection.execute(
                    select(reports.c.doc_id, reports.c.content_hash).where(reports.c.doc_id.in_(list(hashes)))
                ).all()
            )
            stored_hashes = set(
                connection.execute(
                    select(reports.c.content_hash).where(reports.c.content_hash.in_(set(hashes.values())))
                ).scalars()
            )
        needed = []
        seen_in_batch: set[str] = set()
        for report in batch:
            digest = hashes[report.doc_id]
            unchanged = known.get(report.doc_id) == digest
            copy = not unchanged and (digest in stored_hashes or digest in seen_in_batch)
            seen_in_batch.add(digest)
            if (unchanged and reextract) or not (unchanged or copy):
                needed.append(report)
        return needed

    def _ingest_batch(self, items: Sequence[tuple[Report, Sequence[Event] | None]], *, reextract: bool) -> IngestSummary:
        now = datetime.now(timezone.utc)
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
            with connection.begin():
                lock_for_writing(connection)
                batch = _Batch(connection, now)
                for report, found in items:
                    self._ingest_report(batch, report, found, reextract=reextract)
                for event_id in sorted(batch.touched):
                    self._refresh(connection, event_id, now)
                batch.summary.events_created = len(batch.created & batch.touched)
                batch.summary.events_updated = len(batch.touched - batch.created)
                batch.summary.batches = 1
        return batch.summary

    def _ingest_report(self, batch: _Batch, report: Report, found: Sequence[Event] | None, *, reextract: bool) -> None:
        connection, summary = batch.connection, batch.summary
        summary.reports += 1
        digest = duplicates.content_hash(report.text)
        stored = connection.execute(
            select(reports.c.content_hash).where(reports.c.doc_id == report.doc_id)
        ).scalar_one_or_none()
        previous: dict[str, list[DocEvent]] = {}
        if stored is not None:
            if stored == digest and not (reextract and found is not None):
                summary.unchanged += 1
                return
            # New text under a known doc_id (a corrected article) or a re-extraction:
            # withdraw the old version's events, then store this one afresh.
            previous = self._withdraw_report(batch, report.doc_id)
            summary.replaced += 1
        else:
            summary.added += 1
        self._store_report(batch, report, digest, found, previous)
        self._delete_if_empty(batch, previous, reason=f"its only report {report.doc_id} was replaced")

    def _store_report(
        self,
        batch: _Batch,
        report: Report,
        digest: str,
        found: Sequence[Event] | None,
        previous: dict[str, list[DocEvent]],
    ) -> None:
        connection, summary = batch.connection, batch.summary

        original = connection.execute(
            select(reports.c.doc_id, reports.c.duplicate_of)
            .where(reports.c.content_hash == digest, reports.c.doc_id != report.doc_id)
            .order_by(reports.c.ingested_at, reports.c.doc_id)
            .limit(1)
        ).first()
        if original is not None:
            # The same text under another URL: note where it was seen, add nothing.
            self._insert_report(batch, report, digest, copy_of=original.duplicate_of or original.doc_id, kind="exact", similarity=1.0)
            summary.exact_copies += 1
            return
        if found is None:
            # Only possible when the batch was planned against a database that changed in
            # between (another writer); extraction was skipped for a report now needed.
            raise StoreError(f"report {report.doc_id} was not extracted; run the ingest again", document=report.doc_id)

        sig = duplicates.signature(report.text)
        band_keys = duplicates.bands(sig)
        copy_of, similarity = self._find_near_copy(connection, report.doc_id, sig, band_keys)
        self._insert_report(batch, report, digest, copy_of=copy_of, kind="near" if copy_of else None, similarity=similarity, sig=sig)
        connection.execute(insert(report_bands), [{"band": key, "doc_id": report.doc_id} for key in set(band_keys)])
        if copy_of:
            summary.near_copies += 1

        seen_ids: set[str] = set()
        for event in found:
            event_id = event.event_id
            if event_id in seen_ids:
                continue
            seen_ids.add(event_id)
            self._place_event(batch, report, event, copy_of, previous)
            summary.doc_events += 1

    def _insert_report(self, batch: _Batch, report: Report, digest: str, *, copy_of: str | None, kind: str | None, similarity: float | None, sig: bytes | None = None) -> None:
        batch.connection.execute(
            insert(reports).values(
                doc_id=report.doc_id,
                content_hash=digest,
                title=report.title,
                source=report.source,
                url=report.url,
                published=report.published,
                reference_date_origin=report.reference_date_origin,
                text=report.text,
                duplicate_of=copy_of,
                duplicate_kind=kind,
                similarity=similarity,
                minhash=sig,
                ingested_at=batch.now,
            )
        )

    def _find_near_copy(self, connection: Connection, doc_id: str, sig: bytes, band_keys: list[str]) -> tuple[str | None, float | None]:
        candidates = connection.execute(
            select(reports.c.doc_id, reports.c.duplicate_of, reports.c.minhash)
            .where(
                reports.c.doc_id.in_(
                    select(report_bands.c.doc_id).where(report_bands.c.band.in_(band_keys)).distinct()
                ),
                reports.c.doc_id != doc_id,
            )
            .order_by(reports.c.ingested_at, reports.c.doc_id)
        ).all()
        best: tuple[str | None, float | None] = (None, None)
        for row in candidates:
            if row.minhash is None:
                continue
            score = duplicates.similarity(sig, bytes(row.minhash))
            if score >= duplicates.NEAR_DUPLICATE_THRESHOLD and (best[1] is None or score > best[1]):
                # Point at the first report of the story, so copies of copies share one root.
                best = (row.duplicate_of or row.doc_id, score)
        return best

    def _place_event(
        self, batch: _Batch, report: Report, event: Event, copy_of: str | None, previous: dict[str, list[DocEvent]]
    ) -> None:
        """Attach one document event to the consolidated event it belongs to, or found one.

        ``previous`` holds the events of the report's earlier version, by consolidated
        event: a new version of a report keeps supporting the events it supported."""
        connection = batch.connection
        fields = event.as_dict()
        candidate = DocEvent(
            event_id=event.event_id,
            doc_id=report.doc_id,
            fields=fields,
            published=report.published,
            source=report.source,
            copy_of=copy_of,
            arrival=1 << 62,
        )
        earlier = self._earlier_version_cluster(candidate, previous)
        matches = [] if earlier else self._matching_clusters(connection, candidate)
        if earlier:
            target = earlier
        elif matches:
            cluster_ids = [cluster_id for cluster_id, _score in matches]
            target = self._absorb_compatible(batch, candidate, cluster_ids)
        else:
            target = self._found_event(batch, event.event_id)
        connection.execute(
            insert(doc_events).values(
                event_id=event.event_id,
                doc_id=report.doc_id,
                cluster_id=target,
                event_date=event.event_date,
                time_precision=candidate.time_precision,
                iso3=event.iso3,
                payload=fields,
            )
        )
        batch.touched.add(target)

    def _matching_clusters(self, connection: Connection, candidate: DocEvent) -> list[tuple[str, float]]:
        """Active events that ``candidate`` matches, best first (ties: the older event)."""
        event_date = candidate.event_date
        if event_date is None:
            return []
        query = (
            select(doc_events.c.cluster_id, events.c.seq, *self._member_columns())
            .join(events, events.c.event_id == doc_events.c.cluster_id)
            .join(reports, reports.c.doc_id == doc_events.c.doc_id)
            .where(events.c.status == "active", self._within_date_window(event_date, candidate.time_precision))
        )
        iso3 = candidate.fields.get("iso3")
        if iso3:
            query = query.where(or_(doc_events.c.iso3 == iso3, doc_events.c.iso3.is_(None)))
        members: dict[str, list[DocEvent]] = defaultdict(list)
        seq_of: dict[str, int] = {}
        for row in connection.execute(query):
            members[row.cluster_id].append(self._doc_event(row))
            seq_of[row.cluster_id] = row.seq
        scored = []
        for cluster_id, cluster_members in members.items():
            if any(m.doc_id == candidate.doc_id for m in cluster_members):
                continue
            results = [match(candidate, m) for m in cluster_members]
            best = max((r.score for r in results if r.merges), default=None)
            if best is not None:
                scored.append((cluster_id, best))
        scored.sort(key=lambda item: (-item[1], seq_of[item[0]]))
        return scored

    @staticmethod
    def _within_date_window(event_date: date, precision: int) -> Any:
        """Document events whose dates ``match`` could accept: the window is the wider of
        the two precisions', so it widens for members whose own dates are coarse."""
        column = doc_events.c.event_date

        def around(days: int) -> Any:
            return column.between(event_date - timedelta(days=days), event_date + timedelta(days=days))

        own = DATE_WINDOW_DAYS.get(precision, max(DATE_WINDOW_DAYS.values()))
        clauses = [around(own)]
        for member_precision, days in sorted(DATE_WINDOW_DAYS.items()):
            if days > own:
                clauses.append(and_(doc_events.c.time_precision >= member_precision, around(days)))
        return or_(*clauses)

    def _absorb_compatible(self, batch: _Batch, candidate: DocEvent, cluster_ids: list[str]) -> str:
        """The event ``candidate`` joins. When it also matches other events that are
        compatible with that one, they were one event all along: the oldest absorbs the rest."""
        connection = batch.connection
        best = cluster_ids[0]
        group = [best]
        group_members = self._members(connection, best)
        for other in cluster_ids[1:]:
            other_members = self._members(connection, other)
            shares_report = {m.doc_id for m in other_members} & {m.doc_id for m in group_members}
            compatible = all(match(a, b).score is not None for a in other_members for b in group_members)
            if not shares_report and compatible:
                group.append(other)
                group_members.extend(other_members)
        if len(group) == 1:
            return best
        seqs = dict(
            connection.execute(select(events.c.event_id, events.c.seq).where(events.c.event_id.in_(group))).all()
        )
        group.sort(key=lambda event_id: seqs[event_id])
        absorbing = group[0]
        for absorbed in group[1:]:
            self._merge(batch, absorbing, absorbed, reason=f"report {candidate.doc_id} links them")
        return absorbing

    def _merge(self, batch: _Batch, absorbing: str, absorbed: str, *, reason: str) -> None:
        connection, now = batch.connection, batch.now
        connection.execute(update(doc_events).where(doc_events.c.cluster_id == absorbed).values(cluster_id=absorbing))
        connection.execute(
            update(events)
            .where(events.c.event_id == absorbed)
            .values(status="merged", merged_into=absorbing, updated_at=now)
        )
        # Keep the feed one hop deep: whatever pointed at the absorbed event now points here.
        connection.execute(update(events).where(events.c.merged_into == absorbed).values(merged_into=absorbing))
        connection.execute(
            insert(merges).values(absorbed_id=absorbed, absorbing_id=absorbing, action="merged", reason=reason, created_at=now)
        )
        self._carry_overrides(connection, absorbed, absorbing, now)
        batch.touched.discard(absorbed)
        batch.touched.add(absorbing)
        batch.summary.merges += 1
        log.info("merged event %s into %s (%s)", absorbed, absorbing, reason)

    def _carry_overrides(self, connection: Connection, absorbed: str, absorbing: str, now: datetime) -> None:
        """An analyst's corrections survive a merge: the absorbing event keeps its own and
        takes the absorbed event's for fields it has not corrected."""
        kept = set(connection.execute(select(overrides.c.field).where(overrides.c.event_id == absorbing)).scalars())
        for row in connection.execute(select(overrides).where(overrides.c.event_id == absorbed)).all():
            if row.field in kept:
                continue
            connection.execute(insert(overrides).values(event_id=absorbing, field=row.field, value=row.value, updated_at=now))
            connection.execute(
                insert(edits).values(
                    event_id=absorbing,
                    field=row.field,
                    old_value=None,
                    new_value=row.value,
                    note=f"carried over from {absorbed}, merged into this event",
                    editor="frontlines",
                    created_at=now,
                )
            )
        connection.execute(delete(overrides).where(overrides.c.event_id == absorbed))

    def _found_event(self, batch: _Batch, founding_event_id: str) -> str:
        """A new consolidated event, named after the document event that founds it."""
        connection, now = batch.connection, batch.now
        existing = connection.execute(
            select(events.c.status).where(events.c.event_id == founding_event_id)
        ).scalar_one_or_none()
        if existing == "deleted":
            # The same report, re-extracted, founds the same event again: its id comes back.
            connection.execute(
                update(events).where(events.c.event_id == founding_event_id).values(status="active", updated_at=now)
            )
            connection.execute(
                insert(merges).values(
                    absorbed_id=founding_event_id, absorbing_id=None, action="restored",
                    reason="its report was stored again", created_at=now,
                )
            )
            batch.created.add(founding_event_id)
            return founding_event_id
        event_id = founding_event_id
        if existing is not None:
            # Its id is taken by an event that lives on without this report: derive another.
            event_id = "FL" + duplicates.content_hash(f"{founding_event_id}|{now.isoformat()}")[:14]
        connection.execute(
            insert(events).values(
                event_id=event_id, status="active", created_at=now, updated_at=now, payload={}
            )
        )
        batch.created.add(event_id)
        return event_id

    @staticmethod
    def _earlier_version_cluster(candidate: DocEvent, previous: dict[str, list[DocEvent]]) -> str | None:
        best: tuple[float, str] | None = None
        for cluster_id, old_members in previous.items():
            for old in old_members:
                # Compare as if from another report: match() never pairs two events of one report.
                result = match(candidate, replace(old, doc_id=f"{old.doc_id}#previous", copy_of=None))
                if result.merges and (best is None or result.score > best[0]):
                    best = (result.score, cluster_id)
        return best[1] if best else None

    def _withdraw_report(self, batch: _Batch, doc_id: str) -> dict[str, list[DocEvent]]:
        """Remove a report and its events; return those events by consolidated event."""
        connection = batch.connection
        rows = connection.execute(
            select(doc_events.c.cluster_id, *self._member_columns())
            .join(reports, reports.c.doc_id == doc_events.c.doc_id)
            .where(doc_events.c.doc_id == doc_id)
        ).all()
        previous: dict[str, list[DocEvent]] = defaultdict(list)
        for row in rows:
            previous[row.cluster_id].append(self._doc_event(row))
        connection.execute(delete(doc_events).where(doc_events.c.doc_id == doc_id))
        connection.execute(delete(report_bands).where(report_bands.c.doc_id == doc_id))
        connection.execute(delete(reports).where(reports.c.doc_id == doc_id))
        batch.touched.update(previous)
        return dict(previous)

    def _delete_if_empty(self, batch: _Batch, cluster_ids: Iterable[str], *, reason: str) -> None:
        """Events left with no report are deleted, and the deletion goes on the feed."""
        connection, now = batch.connection, batch.now
        for cluster_id in cluster_ids:
            remaining = connection.execute(
                select(func.count()).select_from(doc_events).where(doc_events.c.cluster_id == cluster_id)
            ).scalar_one()
            if remaining:
                continue
            status = connection.execute(select(events.c.status).where(events.c.event_id == cluster_id)).scalar_one()
            if status != "active":
                continue
            connection.execute(
                update(events).where(events.c.event_id == cluster_id).values(status="deleted", updated_at=now)
            )
            connection.execute(
                insert(merges).values(
                    absorbed_id=cluster_id, absorbing_id=None, action="deleted", reason=reason, created_at=now
                )
            )
            batch.touched.discard(cluster_id)

    # ------------------------------------------------------------------ members and records

    @staticmethod
    def _member_columns() -> list[Any]:
        return [
            doc_events.c.seq,
            doc_events.c.event_id,
            doc_events.c.doc_id,
            doc_events.c.payload,
            reports.c.published,
            reports.c.source,
            reports.c.duplicate_of,
            reports.c.duplicate_kind,
        ]

    @staticmethod
    def _doc_event(row: Any) -> DocEvent:
        return DocEvent(
            event_id=row.event_id,
            doc_id=row.doc_id,
            fields=row.payload,
            published=_as_date(row.published),
            source=row.source,
            copy_of=row.duplicate_of if row.duplicate_kind == "near" else None,
            arrival=row.seq,
        )

    def _members(self, connection: Connection, cluster_id: str) -> list[DocEvent]:
        rows = connection.execute(
            select(*self._member_columns())
            .join(reports, reports.c.doc_id == doc_events.c.doc_id)
            .where(doc_events.c.cluster_id == cluster_id)
            .order_by(doc_events.c.seq)
        )
        return [self._doc_event(row) for row in rows]

    def _refresh(self, connection: Connection, event_id: str, now: datetime) -> dict[str, Any]:
        """Reconcile one event from its reports and corrections, and store the record."""
        members = self._members(connection, event_id)
        corrections = {
            row.field: row.value["value"]
            for row in connection.execute(select(overrides).where(overrides.c.event_id == event_id))
        }
        record = reconcile(event_id, members, overrides=corrections, updated_at=now)
        connection.execute(
            update(events)
            .where(events.c.event_id == event_id)
            .values(
                event_date=_as_date(record.get("event_date")),
                country=record.get("country"),
                iso3=record.get("iso3"),
                admin1=record.get("admin1"),
                event_type=record.get("event_type"),
                latitude=record.get("latitude"),
                longitude=record.get("longitude"),
                first_reported=_as_date(record.get("first_reported")),
                updated_at=now,
                payload=record,
            )
        )
        return record

    # ------------------------------------------------------------------ queries

    def iter_events(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        country: str | None = None,
        admin1: str | None = None,
        event_type: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Consolidated events, oldest first, filtered on the corrected values."""
        query = select(events.c.payload).where(events.c.status == "active")
        if since:
            query = query.where(events.c.event_date >= since)
        if until:
            query = query.where(events.c.event_date <= until)
        if country:
            wanted = country.strip().lower()
            query = query.where(or_(func.lower(events.c.country) == wanted, func.lower(events.c.iso3) == wanted))
        if admin1:
            query = query.where(func.lower(events.c.admin1) == admin1.strip().lower())
        if event_type:
            query = query.where(func.lower(events.c.event_type) == event_type.strip().lower())
        query = query.order_by(events.c.event_date, events.c.seq)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield row.payload

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        return list(self.iter_events(**filters))

    def resolve(self, event_id: str) -> str | None:
        """The id an event is now known by (itself, or the event that absorbed it)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(events.c.status, events.c.merged_into).where(events.c.event_id == event_id)
            ).first()
        if row is None:
            return None
        return row.merged_into if row.status == "merged" else event_id

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One consolidated event by id; an absorbed id gives the event that absorbed it."""
        current = self.resolve(event_id)
        if current is None:
            return None
        with self.engine.connect() as connection:
            row = connection.execute(
                select(events.c.status, events.c.payload).where(events.c.event_id == current)
            ).first()
        if row is None or row.status != "active":
            return None
        return row.payload

    def merged(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """The merges/deletions feed: absorbed ids and where they went, oldest first."""
        query = select(merges).order_by(merges.c.seq)
        if since:
            query = query.where(merges.c.created_at >= since)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
            current = dict(
                connection.execute(
                    select(events.c.event_id, events.c.merged_into).where(events.c.status == "merged")
                ).all()
            )
        return [
            {
                "event_id": row.absorbed_id,
                "action": row.action,
                "merged_into": row.absorbing_id,
                # After later merges the absorbing event may itself be absorbed: follow it.
                "current_id": current.get(row.absorbed_id, row.absorbing_id) if row.action == "merged" else None,
                "reason": row.reason,
                "at": _iso(row.created_at),
            }
            for row in rows
        ]

    def doc_ids_by_event(self) -> dict[str, list[str]]:
        """Every active event's supporting reports, copies included (for evaluation)."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(events.c.event_id, events.c.payload).where(events.c.status == "active")
            ).all()
        return {row.event_id: list(row.payload.get("doc_ids", [])) for row in rows}

    def report_copies(self) -> dict[str, str]:
        """doc_id -> the report it copies, for exact and near copies."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(reports.c.doc_id, reports.c.duplicate_of).where(reports.c.duplicate_of.is_not(None))
            ).all()
        return {row.doc_id: row.duplicate_of for row in rows}

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {
                "reports": connection.execute(select(func.count()).select_from(reports)).scalar_one(),
                "doc_events": connection.execute(select(func.count()).select_from(doc_events)).scalar_one(),
                "events": connection.execute(
                    select(func.count()).select_from(events).where(events.c.status == "active")
                ).scalar_one(),
                "merges": connection.execute(select(func.count()).select_from(merges)).scalar_one(),
            }

    # ------------------------------------------------------------------ corrections

    def edit(self, event_id: str, changes: Mapping[str, Any], *, note: str, editor: str | None = None) -> dict[str, Any]:
        """Correct fields of an event. The correction outlives new reports and re-extraction;
        each change is logged with its old value, the note and the editor."""
        if not note or not note.strip():
            raise StoreError("an edit needs a note saying why")
        if not changes:
            raise StoreError("nothing to change: give field=value")
        checked = {name: _check_value(name, value) for name, value in changes.items()}
        editor = editor or _current_user()
        now = datetime.now(timezone.utc)
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
            with connection.begin():
                lock_for_writing(connection)
                row = connection.execute(
                    select(events.c.event_id, events.c.status, events.c.merged_into, events.c.payload).where(
                        events.c.event_id == event_id
                    )
                ).first()
                if row is None:
                    raise StoreError(f"no event {event_id}")
                if row.status == "merged":
                    row = connection.execute(
                        select(events.c.event_id, events.c.status, events.c.merged_into, events.c.payload).where(
                            events.c.event_id == row.merged_into
                        )
                    ).first()
                if row is None or row.status != "active":
                    raise StoreError(f"event {event_id} was deleted; it cannot be edited")
                target = row.event_id
                for name, value in checked.items():
                    connection.execute(
                        insert(edits).values(
                            event_id=target,
                            field=name,
                            old_value={"value": row.payload.get(name)},
                            new_value={"value": value},
                            note=note.strip(),
                            editor=editor,
                            created_at=now,
                        )
                    )
                    exists = connection.execute(
                        select(overrides.c.field).where(and_(overrides.c.event_id == target, overrides.c.field == name))
                    ).first()
                    if exists:
                        connection.execute(
                            update(overrides)
                            .where(and_(overrides.c.event_id == target, overrides.c.field == name))
                            .values(value={"value": value}, updated_at=now)
                        )
                    else:
                        connection.execute(
                            insert(overrides).values(event_id=target, field=name, value={"value": value}, updated_at=now)
                        )
                return self._refresh(connection, target, now)

    def edit_log(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """The audit log of corrections, oldest first."""
        query = select(edits).order_by(edits.c.seq)
        if event_id:
            query = query.where(edits.c.event_id == event_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            {
                "event_id": row.event_id,
                "field": row.field,
                "old_value": (row.old_value or {}).get("value"),
                "new_value": (row.new_value or {}).get("value"),
                "note": row.note,
                "editor": row.editor,
                "at": _iso(row.created_at),
            }
            for row in rows
        ]


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        # SQLite hands back naive datetimes; the store writes UTC.
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat(timespec="seconds")


def _current_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
