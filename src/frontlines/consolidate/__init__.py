"""Consolidation: which document-level events are one real-world event, and what it was.

- ``match``: are two reports' events the same event?
- ``reconcile``: one record from several reports (tolls, places, sources, history);
- ``duplicates``: exact and near-duplicate reports (content hash, MinHash).
"""

from frontlines.consolidate.match import MatchResult, match
from frontlines.consolidate.reconcile import EDITABLE_FIELDS, reconcile
from frontlines.consolidate.records import DocEvent

__all__ = ["DocEvent", "EDITABLE_FIELDS", "MatchResult", "match", "reconcile"]
