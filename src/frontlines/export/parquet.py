"""Event dicts to a Parquet file, for pandas, DuckDB, Spark and friends.

Parquet needs one type per column. Scalars and lists of strings map directly; evidence
spans and the fatality history become lists of structs; a column whose values do not
share one shape (a dict with varying keys, numbers mixed with text) is written as JSON
text rather than refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def _column(values: list[Any]) -> pa.Array:
    if any(isinstance(v, dict) for v in values):
        # Dicts keyed by data (doc_id -> doc_id) would become ever-wider structs.
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in values], pa.string())
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in values], pa.string())


def events_table(events: Iterable[dict[str, Any]]) -> pa.Table:
    rows = list(events)
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return pa.table({name: _column([row.get(name) for row in rows]) for name in columns})


def write_parquet(events: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write ``events`` to ``path``; returns how many rows were written."""
    table = events_table(events)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, target, compression="zstd")
    return table.num_rows
