"""The gazetteer index: one SQLite file, written here and read by :mod:`gazetteer`.

Tables
    places        one row per place, admin area, country or continent
    names         (key, place, kind): every spelling of every place, folded by ``name_key``
    loose         (skeleton, keys): name keys grouped by consonant skeleton, for fuzzy matching
    countries     ISO codes and names, small enough to hold in memory
    admin1_codes  GeoNames admin1 code -> name (and geonameid when known)
    admin2_codes  GeoNames admin2 code -> name
    sources       what was loaded, for ``frontlines gazetteer info``
    meta          schema version and build facts

Admin and country records that GeoNames rows do not supply are *synthetic*: their
coordinates are the middle of their member places' extent, recomputed after every load.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from frontlines.geo.names import (
    NAME_KEY_VERSION,
    admin_key,
    ascii_name,
    clean_admin_name,
    core_key,
    is_latin,
    name_key,
    skeleton,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = f"2.{NAME_KEY_VERSION}"  # table layout . name-key rules
#: Internal ids for synthetic records start here, far above any GeoNames id.
SYNTHETIC_ID_BASE = 10_000_000_000

#: names.kind: how a spelling belongs to its place.
KIND_NAME = 0  # the place's own (or ASCII) name
KIND_ALTERNATE = 1  # an alternate name
#: Keys shorter than this (without spaces) get no fuzzy entry: too many look-alikes.
MIN_LOOSE_KEY = 4

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    cc TEXT NOT NULL,
    fclass TEXT NOT NULL,
    fcode TEXT NOT NULL,
    admin1_code TEXT,
    admin2_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
CREATE INDEX IF NOT EXISTS places_admin ON places(cc, fcode, admin1_code);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_place ON names(place);
CREATE TABLE IF NOT EXISTS countries (
    cc TEXT PRIMARY KEY, iso3 TEXT NOT NULL, name TEXT NOT NULL,
    geonameid INTEGER, population INTEGER, capital TEXT
);
CREATE TABLE IF NOT EXISTS admin1_codes (
    cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, geonameid INTEGER,
    PRIMARY KEY (cc, code)
);
CREATE TABLE IF NOT EXISTS admin2_codes (
    cc TEXT NOT NULL, admin1_code TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
    geonameid INTEGER, PRIMARY KEY (cc, admin1_code, code)
);
CREATE TABLE IF NOT EXISTS loose (skel TEXT PRIMARY KEY, keys TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (path TEXT, kind TEXT, rows INTEGER, added TEXT);
"""


@dataclass(frozen=True)
class CountryInfo:
    cc: str
    iso3: str
    name: str
    geonameid: int | None = None
    population: int = 0
    capital: str | None = None


@dataclass
class PlaceRow:
    """One place as loaded: the fields of a GeoNames ``geoname`` row that Frontlines uses."""

    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country_code: str
    feature_class: str = "P"
    feature_code: str = "PPL"
    admin1_code: str | None = None
    admin2_code: str | None = None
    population: int = 0
    asciiname: str | None = None
    alternatenames: tuple[str, ...] = ()
    admin1: str | None = None
    admin2: str | None = None


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.executescript(SCHEMA)
    return conn


def place_keys(names: Iterable[str | None]) -> dict[str, None]:
    """The distinct non-empty keys of the Latin-script names, in order."""
    keys: dict[str, None] = {}
    for name in names:
        if name and is_latin(name):
            key = name_key(name)
            if key:
                keys[key] = None
    return keys


def display_name(row: PlaceRow) -> str | None:
    """The ASCII name to show for a place (GeoNames ``asciiname`` when given), or None when the
    row has no Latin-script name (a Who's On First row named "حلب")."""
    if row.asciiname and is_latin(row.asciiname):
        return ascii_name(row.asciiname)
    if is_latin(row.name):
        return ascii_name(row.name)
    return None


def _usable_alternate(name: str) -> bool:
    """Skip alternate names that are codes ("ALP") or unvowelled romanisations ("adlb")."""
    if not any(ch.isupper() for ch in name):
        return False
    letters = [ch for ch in name if ch.isalpha()]
    return not (len(letters) <= 4 and all(ch.isupper() for ch in letters))


class IndexWriter:
    """Writes places and names into an index and derives admin and country records."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._next_synthetic = (
            conn.execute("SELECT max(id) FROM places WHERE id >= ?", (SYNTHETIC_ID_BASE,)).fetchone()[0]
            or SYNTHETIC_ID_BASE
        ) + 1

    def _new_synthetic_id(self) -> int:
        value = self._next_synthetic
        self._next_synthetic += 1
        return value

    # -- loading -----------------------------------------------------------------------
    def add_countries(self, countries: Iterable[CountryInfo]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO countries VALUES (?, ?, ?, ?, ?, ?)",
            [(c.cc, c.iso3, c.name, c.geonameid, c.population, c.capital) for c in countries],
        )

    def add_places(self, rows: Iterable[PlaceRow]) -> int:
        """Insert or merge places (by geonameid) with their names; returns the row count."""
        count = 0
        place_batch: list[tuple] = []
        name_batch: list[tuple] = []
        weak: list[int] = []  # places whose row has no Latin-script name: keep a name we have
        for row in rows:
            count += 1
            place_id = row.geonameid if row.geonameid is not None else self._new_synthetic_id()
            shown = display_name(row)
            if shown is None:
                weak.append(place_id)
                latin = [a for a in row.alternatenames if is_latin(a) and _usable_alternate(a)]
                shown = ascii_name(latin[0]) if latin else row.name
            place_batch.append(
                (
                    place_id,
                    row.geonameid,
                    shown,
                    row.latitude,
                    row.longitude,
                    row.country_code,
                    row.feature_class,
                    row.feature_code,
                    row.admin1_code or None,
                    row.admin2_code or None,
                    row.admin1,
                    row.admin2,
                    row.population,
                )
            )
            own = place_keys((row.name, row.asciiname))
            for key in own:
                name_batch.append((key, place_id, KIND_NAME))
            for key in place_keys(a for a in row.alternatenames if _usable_alternate(a)):
                if key not in own:
                    name_batch.append((key, place_id, KIND_ALTERNATE))
            if len(place_batch) >= 20_000:
                self._flush(place_batch, name_batch, weak)
                place_batch, name_batch, weak = [], [], []
        self._flush(place_batch, name_batch, weak)
        return count

    def _flush(self, places: list[tuple], names: list[tuple], weak: list[int] = ()) -> None:  # type: ignore[assignment]
        if weak:
            kept: dict[int, str] = {}
            for start in range(0, len(weak), 500):
                chunk = weak[start : start + 500]
                kept.update(self.conn.execute(
                    f"SELECT id, name FROM places WHERE id IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall())
            if kept:
                places = [(p[0], p[1], kept.get(p[0], p[2]), *p[3:]) for p in places]
        # A synthetic record (an admin area or country we derived) that carries the
        # geonameid of an incoming GeoNames row is replaced by that row.
        incoming = [(p[1],) for p in places if p[1] is not None]
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (geonameid INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM incoming")
        self.conn.executemany("INSERT OR IGNORE INTO incoming VALUES (?)", incoming)
        displaced = self.conn.execute(
            "SELECT id, geonameid FROM places WHERE synthetic = 1 AND geonameid IN (SELECT geonameid FROM incoming)"
        ).fetchall()
        for synthetic_id, _ in displaced:
            self.conn.execute("UPDATE places SET geonameid = NULL WHERE id = ?", (synthetic_id,))
        self.conn.executemany(
            """INSERT INTO places (id, geonameid, name, lat, lon, cc, fclass, fcode, admin1_code,
                   admin2_code, admin1, admin2, population, synthetic)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
               ON CONFLICT(id) DO UPDATE SET
                   name = excluded.name, lat = excluded.lat, lon = excluded.lon, cc = excluded.cc,
                   fclass = excluded.fclass,
                   fcode = CASE WHEN places.fcode LIKE 'PCL%' THEN places.fcode ELSE excluded.fcode END,
                   admin1_code = coalesce(excluded.admin1_code, places.admin1_code),
                   admin2_code = coalesce(excluded.admin2_code, places.admin2_code),
                   admin1 = coalesce(excluded.admin1, places.admin1),
                   admin2 = coalesce(excluded.admin2, places.admin2),
                   population = max(excluded.population, places.population),
                   synthetic = 0""",
            places,
        )
        for synthetic_id, geonameid in displaced:
            self._merge_into(synthetic_id, geonameid)
        self.add_names(names)

    def add_names(self, names: Iterable[tuple[str, int, int]]) -> None:
        self.conn.executemany(
            """INSERT INTO names (key, place, kind) VALUES (?, ?, ?)
               ON CONFLICT(key, place) DO UPDATE SET kind = min(kind, excluded.kind)""",
            names,
        )

    def add_admin1_codes(self, rows: Iterable[tuple[str, str, str, int | None]]) -> int:
        """(cc, code, name, geonameid) rows; a name already known keeps any geonameid it has."""
        batch = [(cc, code, clean_admin_name(name), gid) for cc, code, name, gid in rows]
        self.conn.executemany(
            """INSERT INTO admin1_codes VALUES (?, ?, ?, ?)
               ON CONFLICT(cc, code) DO UPDATE SET name = excluded.name,
                   geonameid = coalesce(excluded.geonameid, admin1_codes.geonameid)""",
            batch,
        )
        return len(batch)

    def add_admin2_codes(self, rows: Iterable[tuple[str, str, str, str, int | None]]) -> int:
        batch = list(rows)
        self.conn.executemany("INSERT OR REPLACE INTO admin2_codes VALUES (?, ?, ?, ?, ?)", batch)
        return len(batch)

    def add_source(self, path: str, kind: str, rows: int) -> None:
        self.conn.execute(
            "INSERT INTO sources VALUES (?, ?, ?, datetime('now'))", (path, kind, rows)
        )

    # -- deriving ----------------------------------------------------------------------
    def finish(self) -> None:
        """Derive admin names, admin1/admin2/country records and their keys; then ANALYZE."""
        conn = self.conn
        # A GeoNames ADM1 row may lack its admin1 code (Who's On First rows do); the
        # admin1 table knows it by geonameid.
        conn.execute(
            """UPDATE places SET admin1_code = (
                   SELECT a.code FROM admin1_codes a WHERE a.geonameid = places.geonameid AND a.cc = places.cc)
               WHERE fcode = 'ADM1' AND admin1_code IS NULL
                 AND geonameid IN (SELECT geonameid FROM admin1_codes WHERE geonameid IS NOT NULL)"""
        )
        conn.execute(
            """UPDATE places SET admin1 = (
                   SELECT a.name FROM admin1_codes a WHERE a.cc = places.cc AND a.code = places.admin1_code)
               WHERE admin1_code IS NOT NULL
                 AND EXISTS (SELECT 1 FROM admin1_codes a WHERE a.cc = places.cc AND a.code = places.admin1_code)"""
        )
        conn.execute(
            """UPDATE places SET admin2 = (
                   SELECT a.name FROM admin2_codes a WHERE a.cc = places.cc
                     AND a.admin1_code = places.admin1_code AND a.code = places.admin2_code)
               WHERE admin2_code IS NOT NULL AND EXISTS (
                   SELECT 1 FROM admin2_codes a WHERE a.cc = places.cc
                     AND a.admin1_code = places.admin1_code AND a.code = places.admin2_code)"""
        )
        members = self._member_points()
        self._derive_admin1(members)
        self._derive_admin2(members)
        self._derive_countries(members)
        self._derive_loose_keys()
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute("ANALYZE")
        conn.commit()

    def _derive_loose_keys(self) -> None:
        """Group every name key (and its core, without "Tall" or "Kabir") by consonant skeleton."""
        groups: dict[str, set[str]] = defaultdict(set)
        for (key,) in self.conn.execute("SELECT DISTINCT key FROM names"):
            for form in (key, core_key(key)):
                if form and len(form.replace(" ", "")) >= MIN_LOOSE_KEY:
                    groups[skeleton(form)].add(key)
        self.conn.execute("DELETE FROM loose")
        self.conn.executemany(
            "INSERT INTO loose VALUES (?, ?)", ((skel, "|".join(sorted(keys))) for skel, keys in groups.items() if skel)
        )

    def _member_points(self) -> dict[tuple, list[tuple[float, float, int]]]:
        """Populated places grouped by country, (country, admin1) and (country, admin1, admin2)."""
        groups: dict[tuple, list[tuple[float, float, int]]] = defaultdict(list)
        for cc, a1, a2, lat, lon, pop in self.conn.execute(
            "SELECT cc, admin1_code, admin2, lat, lon, population FROM places WHERE fclass = 'P'"
        ):
            point = (lat, lon, pop or 0)
            groups[(cc,)].append(point)
            if a1:
                groups[(cc, a1)].append(point)
                if a2:
                    groups[(cc, a1, a2)].append(point)
        return groups

    @staticmethod
    def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float, int]:
        lat, lon = IndexWriter._bulk_midpoint(points)
        return lat, lon, sum(p[2] for p in points)

    @staticmethod
    def _bulk_midpoint(points: list[tuple[float, float, int]]) -> tuple[float, float]:
        """The middle of the box holding the central 90% of a country's places.

        Closer to a country's geographic centre (which GeoNames uses) than the median
        of its towns, which leans towards where people live.
        """
        lats = sorted(p[0] for p in points)
        lons = sorted(p[1] for p in points)
        low, high = int(len(points) * 0.05), max(0, int(len(points) * 0.95) - 1)
        return (lats[low] + lats[high]) / 2, (lons[low] + lons[high]) / 2

    def _upsert_synthetic(self, existing_id: int | None, geonameid: int | None, name: str, centre, cc: str,
                          fcode: str, admin1_code: str | None, admin1: str | None, admin2: str | None) -> int:
        lat, lon, pop = centre
        fclass = "A"
        if existing_id is None:
            existing_id = self._new_synthetic_id()
            self.conn.execute(
                """INSERT INTO places (id, geonameid, name, lat, lon, cc, fclass, fcode, admin1_code,
                       admin1, admin2, population, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""",
                (existing_id, geonameid, name, lat, lon, cc, fclass, fcode, admin1_code, admin1, admin2, pop),
            )
        else:
            self.conn.execute(
                """UPDATE places SET geonameid = coalesce(?, geonameid), name = ?, lat = ?, lon = ?,
                       population = ?, admin1 = ?, admin2 = ? WHERE id = ?""",
                (geonameid, name, lat, lon, pop, admin1, admin2, existing_id),
            )
        return existing_id

    def _add_admin_names(self, place_id: int, names: Iterable[str]) -> None:
        keys = place_keys(names)
        extra = {admin_key(n) for n in names if n} - {None}
        self.add_names([(k, place_id, KIND_NAME) for k in list(keys) + sorted(extra)])  # type: ignore[arg-type]

    def _derive_admin1(self, members) -> None:
        conn = self.conn
        real = {
            (cc, code): pid
            for pid, cc, code in conn.execute(
                "SELECT id, cc, admin1_code FROM places WHERE fcode = 'ADM1' AND synthetic = 0 AND admin1_code IS NOT NULL"
            )
        }
        synthetic = {
            (cc, code): pid
            for pid, cc, code in conn.execute("SELECT id, cc, admin1_code FROM places WHERE fcode = 'ADM1' AND synthetic = 1")
        }
        for cc, code, name, geonameid in conn.execute("SELECT cc, code, name, geonameid FROM admin1_codes").fetchall():
            key = (cc, code)
            names = [name]
            if key in real:
                pid = real[key]
                if key in synthetic:  # a GeoNames row arrived for an area we had synthesised
                    self._merge_into(synthetic[key], pid)
                conn.execute("UPDATE places SET admin1 = ? WHERE id = ?", (name, pid))
                self._add_admin_names(pid, names + [r[0] for r in conn.execute("SELECT name FROM places WHERE id = ?", (pid,))])
                continue
            points = members.get(key)
            if not points:
                continue
            if geonameid is not None and conn.execute(
                "SELECT 1 FROM places WHERE geonameid = ? AND id != ?", (geonameid, synthetic.get(key, -1))
            ).fetchone():
                geonameid = None  # that id belongs to a GeoNames row of another kind; keep ids unique
            pid = self._upsert_synthetic(synthetic.get(key), geonameid, name, self._centre(points), cc, "ADM1", code, name, None)
            self._add_admin_names(pid, names)

    def _merge_into(self, source_id: int, target_id: int) -> None:
        self.conn.execute(
            """INSERT INTO names (key, place, kind) SELECT key, ?, kind FROM names WHERE place = ?
               ON CONFLICT(key, place) DO UPDATE SET kind = min(kind, excluded.kind)""",
            (target_id, source_id),
        )
        self.conn.execute("DELETE FROM names WHERE place = ?", (source_id,))
        self.conn.execute("DELETE FROM places WHERE id = ?", (source_id,))

    def _derive_admin2(self, members) -> None:
        """ADM2 records for every (country, admin1, admin2 name) that has member places."""
        conn = self.conn
        existing = {
            (cc, a1, name): pid
            for pid, cc, a1, name in conn.execute("SELECT id, cc, admin1_code, name FROM places WHERE fcode = 'ADM2'")
        }
        admin1_names = {
            (cc, a1): name for cc, a1, name in conn.execute("SELECT cc, admin1_code, name FROM places WHERE fcode = 'ADM1'")
        }
        admin2_ids = {
            (cc, a1, name): gid for cc, a1, name, gid in conn.execute("SELECT cc, admin1_code, name, geonameid FROM admin2_codes")
        }
        for key, points in members.items():
            if len(key) != 3:
                continue
            cc, a1, a2 = key
            pid = existing.get(key)
            if pid is not None and not conn.execute("SELECT synthetic FROM places WHERE id = ?", (pid,)).fetchone()[0]:
                continue
            geonameid = admin2_ids.get(key)
            if geonameid is not None and conn.execute(
                "SELECT 1 FROM places WHERE geonameid = ? AND id != ?", (geonameid, pid or -1)
            ).fetchone():
                geonameid = None
            new_id = self._upsert_synthetic(pid, geonameid, a2, self._centre(points), cc, "ADM2", a1,
                                            admin1_names.get((cc, a1)), a2)
            if pid is None:
                self._add_admin_names(new_id, [a2])

    def _derive_countries(self, members) -> None:
        conn = self.conn
        for cc, iso3, name, geonameid, population, capital in conn.execute("SELECT * FROM countries").fetchall():
            row = conn.execute("SELECT id, synthetic FROM places WHERE geonameid = ?", (geonameid,)).fetchone() if geonameid else None
            if row is not None and not row[1]:
                conn.execute("UPDATE places SET fclass = 'A', fcode = 'PCLI', population = max(population, ?) WHERE id = ?",
                             (population or 0, row[0]))
                self._add_admin_names(row[0], [name])
                continue
            points = members.get((cc,))
            if not points:
                continue
            lat, lon = self._bulk_midpoint(points)
            pid = self._upsert_synthetic(row[0] if row else None, geonameid, name, (lat, lon, population or 0), cc,
                                         "PCLI", None, None, None)
            self._add_admin_names(pid, [name])
        if capital_rows := conn.execute("SELECT cc, capital FROM countries WHERE capital IS NOT NULL").fetchall():
            self._mark_capitals(capital_rows)

    def _mark_capitals(self, capital_rows) -> None:
        """Rows loaded without feature codes: call the biggest namesake of a capital PPLC."""
        for cc, capital in capital_rows:
            key = name_key(capital)
            hit = self.conn.execute(
                """SELECT p.id FROM names n JOIN places p ON p.id = n.place
                   WHERE n.key = ? AND p.cc = ? AND p.fclass = 'P' ORDER BY p.population DESC LIMIT 1""",
                (key, cc),
            ).fetchone()
            if hit:
                self.conn.execute("UPDATE places SET fcode = 'PPLC' WHERE id = ? AND fcode = 'PPL'", (hit[0],))
