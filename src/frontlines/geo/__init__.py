"""Geoparsing: find place names in text, resolve them, and pick each event's place.

    from frontlines.geo import Gazetteer, find_toponyms, choose_event_place
    gaz = Gazetteer.default()
    toponyms = find_toponyms("doc-1", text, gaz)
    place = choose_event_place(toponyms, sentence.start, sentence.end, trigger.start)
"""

from frontlines.geo.gazetteer import Gazetteer, add_geonames_files, default_index_path
from frontlines.geo.link import choose_event_place
from frontlines.geo.resolve import find_toponyms

__all__ = ["Gazetteer", "add_geonames_files", "choose_event_place", "default_index_path", "find_toponyms"]
