"""Writers: JSONL, ACLED-layout CSV, GeoJSON (and Parquet in export.parquet)."""

from frontlines.export.writers import FORMATS, csv_columns, write_events

__all__ = ["FORMATS", "csv_columns", "write_events"]
