"""Reading reports: files, directories, JSONL streams, datelines."""

from frontlines.ingest.dateline import find_reference_date
from frontlines.ingest.readers import iter_reports, make_report

__all__ = ["find_reference_date", "iter_reports", "make_report"]
