"""`frontlines watch`: poll RSS/Atom feeds or directories and ingest new reports into the store."""

from frontlines.feeds.sources import DirectorySource, FeedSource, SourceError, load_sources
from frontlines.feeds.state import WatchState, default_state_path
from frontlines.feeds.watch import SourceResult, Watcher, backoff_delay

__all__ = [
    "DirectorySource",
    "FeedSource",
    "SourceError",
    "SourceResult",
    "WatchState",
    "Watcher",
    "backoff_delay",
    "default_state_path",
    "load_sources",
]
