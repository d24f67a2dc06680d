"""Events to a Parquet dataset partitioned by event month, written as they stream in.

The layout is Hive-style, ``DIR/event_month=2020-05/part-00000.parquet`` (undated events
go to ``event_month=unknown``), which pyarrow, pandas, DuckDB and Spark read as one table
with ``event_month`` as a column. Every file has the same explicit schema, so a column
that happens to be all null in one file cannot clash with another file's type.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from frontlines.model import Event

PARTITION_COLUMN = "event_month"
UNDATED_MONTH = "unknown"
#: Rows buffered per month before they are written out as one file.
ROWS_PER_FILE = 50_000

_SPAN = pa.struct([("doc_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
_INTEGER_FIELDS = (
    "time_precision", "inter1", "inter2", "geo_precision", "geonameid", "fatalities", "fatalities_low",
    "fatalities_high", "injured", "arrested", "abducted", "displaced", "interaction", "year",
)
_FLOAT_FIELDS = ("latitude", "longitude")


def _type_of(name: str) -> pa.DataType:
    if name == "event_date":
        return pa.date32()
    if name in _INTEGER_FIELDS:
        return pa.int64()
    if name in _FLOAT_FIELDS:
        return pa.float64()
    if name == "toll_may_rise":
        return pa.bool_()
    if name == "evidence":
        return pa.list_(_SPAN)
    return pa.string()


def _event_columns() -> list[str]:
    names = ["event_id", "doc_id"] + [f.name for f in fields(Event) if f.name != "doc_id"]
    return names + ["interaction", "year"]


def event_schema(extra_columns: Iterable[str] = ()) -> pa.Schema:
    """The schema of every file: Event's fields, then any extra columns as text."""
    names = _event_columns()
    names += [c for c in extra_columns if c not in names]
    return pa.schema([(name, _type_of(name)) for name in names])


def month_of(row: dict[str, Any]) -> str:
    value = row.get("event_date")
    return str(value)[:7] if value else UNDATED_MONTH


def _cell(name: str, value: Any, schema: pa.Schema) -> Any:
    # Fields the schema does not type (added by later pipeline versions) are kept as JSON text.
    if value is not None and schema.field(name).type == pa.string() and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


class _MonthWriter:
    def __init__(self, directory: Path, schema: pa.Schema):
        self.directory = directory
        self.schema = schema
        self.buffers: dict[str, list[dict[str, Any]]] = {}
        self.files_written: dict[str, int] = {}

    def add(self, row: dict[str, Any]) -> None:
        month = month_of(row)
        buffer = self.buffers.setdefault(month, [])
        buffer.append(row)
        if len(buffer) >= ROWS_PER_FILE:
            self.flush(month)

    def flush(self, month: str) -> None:
        rows = self.buffers.pop(month, [])
        if not rows:
            return
        columns = {}
        for field in self.schema:
            values = [_cell(field.name, row.get(field.name), self.schema) for row in rows]
            if field.name == "event_date":
                values = [date.fromisoformat(v) if isinstance(v, str) else v for v in values]
            columns[field.name] = pa.array(values, type=field.type)
        number = self.files_written.get(month, 0)
        self.files_written[month] = number + 1
        target = self.directory / f"{PARTITION_COLUMN}={month}" / f"part-{number:05d}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table(columns, schema=self.schema), target, compression="zstd")

    def close(self) -> None:
        for month in list(self.buffers):
            self.flush(month)


def write_parquet_by_month(rows: Iterable[dict[str, Any]], directory: str | Path) -> int:
    """Write event dicts under ``directory`` (replacing an earlier dataset there); returns the row count.

    Memory holds at most ``ROWS_PER_FILE`` rows per month being written.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise ValueError(f"{target} is a file; Parquet output needs a directory (-o DIR)")
    if target.is_dir():
        # Files from an earlier run would otherwise be read back as part of this one.
        for stale in target.glob(f"{PARTITION_COLUMN}=*"):
            shutil.rmtree(stale)
    target.mkdir(parents=True, exist_ok=True)
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    writer = _MonthWriter(target, event_schema(first.keys()))
    writer.add(first)
    count = 1
    for row in iterator:
        writer.add(row)
        count += 1
    writer.close()
    return count


def read_parquet_by_month(directory: str | Path) -> pa.Table:
    """The dataset written by :func:`write_parquet_by_month`, ``event_month`` included."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(directory), format="parquet", partitioning="hive")
    return dataset.to_table()
