"""Standard GeoNames dump files: XX.txt / XX.zip (19 columns), admin1CodesASCII.txt, admin2Codes.txt.

Every line is checked as it is read: a wrong column count, a non-numeric id or an
out-of-range coordinate stops the load with a one-line error naming the file and line.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from frontlines.errors import GazetteerError
from frontlines.geo.index import PlaceRow

GEONAME_COLUMNS = 19
ADMIN_CODE_COLUMNS = 4


class GeoNamesFileError(GazetteerError):
    """A GeoNames file that cannot be loaded: the index is left as it was."""

    code = "F201"


def file_kind(path: Path) -> str:
    """'admin1', 'admin2' or 'geoname', from the standard GeoNames file names."""
    name = path.name.lower()
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    return "geoname"


def _open_lines(path: Path) -> Iterator[tuple[str, IO[str]]]:
    """Yield (member name, text stream) for a .txt file or each .txt member of a .zip."""
    if not path.is_file():
        raise GeoNamesFileError("no such file", document=str(path))
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise GeoNamesFileError(f"not a readable zip archive ({exc})", document=str(path)) from None
        with archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".txt") and "readme" not in m.lower()]
            if not members:
                raise GeoNamesFileError("zip archive holds no .txt GeoNames file", document=str(path))
            for member in members:
                try:
                    with archive.open(member) as raw:
                        yield f"{path}!{member}", io.TextIOWrapper(raw, encoding="utf-8")
                except (zipfile.BadZipFile, OSError, EOFError) as exc:
                    raise GeoNamesFileError(f"corrupt zip member {member} ({exc})", document=str(path)) from None
    else:
        with path.open(encoding="utf-8") as handle:
            yield str(path), handle


def _lines(path: Path) -> Iterator[tuple[str, int, list[str]]]:
    """(document, line number, tab-separated fields) for every non-empty, non-comment line."""
    for document, stream in _open_lines(path):
        seen = False
        line_no = 0
        try:
            for line_no, line in enumerate(stream, start=1):
                line = line.rstrip("\r\n")
                if not line or line.startswith("#"):
                    continue
                seen = True
                yield document, line_no, line.split("\t")
        except UnicodeDecodeError:
            raise GeoNamesFileError("not UTF-8 text", document=document, line=line_no + 1) from None
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise GeoNamesFileError(f"truncated or corrupt data ({exc})", document=document, line=line_no + 1) from None
        if not seen:
            raise GeoNamesFileError("file holds no rows", document=document)


def _int(value: str, what: str, document: str, line: int, *, default: int | None = None) -> int | None:
    if value == "" and default is not None:
        return default
    try:
        return int(value)
    except ValueError:
        raise GeoNamesFileError(f"{what} is not a number: {value[:30]!r}", document=document, line=line) from None


def parse_geoname_fields(fields: list[str], document: str, line: int) -> PlaceRow:
    if len(fields) != GEONAME_COLUMNS:
        raise GeoNamesFileError(
            f"expected {GEONAME_COLUMNS} tab-separated columns (a GeoNames geoname row), found {len(fields)}",
            document=document, line=line,
        )
    geonameid = _int(fields[0], "geonameid", document, line)
    try:
        lat, lon = float(fields[4]), float(fields[5])
    except ValueError:
        raise GeoNamesFileError("latitude/longitude are not numbers", document=document, line=line) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeoNamesFileError(f"coordinates out of range: {lat}, {lon}", document=document, line=line)
    country_code = fields[8].strip().upper()
    if len(country_code) != 2 or not fields[1].strip():
        raise GeoNamesFileError("a row needs a name and a two-letter country code", document=document, line=line)
    population = _int(fields[14], "population", document, line, default=0)
    return PlaceRow(
        geonameid=geonameid, name=fields[1].strip(), asciiname=fields[2].strip() or None,
        alternatenames=tuple(a for a in fields[3].split(",") if a),
        latitude=lat, longitude=lon, feature_class=fields[6] or "P", feature_code=fields[7] or "PPL",
        country_code=country_code, admin1_code=fields[10] or None, admin2_code=fields[11] or None,
        population=population or 0,
    )


def read_geoname_rows(path: Path) -> Iterator[PlaceRow]:
    for document, line, fields in _lines(path):
        yield parse_geoname_fields(fields, document, line)


def read_admin1_codes(path: Path) -> Iterator[tuple[str, str, str, int | None]]:
    """admin1CodesASCII.txt: ``CC.code<TAB>name<TAB>ascii name<TAB>geonameid``."""
    for document, line, fields in _lines(path):
        if len(fields) != ADMIN_CODE_COLUMNS or fields[0].count(".") != 1:
            raise GeoNamesFileError(
                "expected 'CC.code<TAB>name<TAB>asciiname<TAB>geonameid' (admin1CodesASCII.txt)",
                document=document, line=line,
            )
        cc, code = fields[0].split(".")
        yield cc, code, fields[2] or fields[1], _int(fields[3], "geonameid", document, line, default=0) or None


def read_admin2_codes(path: Path) -> Iterator[tuple[str, str, str, str, int | None]]:
    """admin2Codes.txt: ``CC.admin1.admin2<TAB>name<TAB>ascii name<TAB>geonameid``."""
    for document, line, fields in _lines(path):
        if len(fields) != ADMIN_CODE_COLUMNS or fields[0].count(".") != 2:
            raise GeoNamesFileError(
                "expected 'CC.admin1.admin2<TAB>name<TAB>asciiname<TAB>geonameid' (admin2Codes.txt)",
                document=document, line=line,
            )
        cc, admin1, admin2 = fields[0].split(".")
        yield cc, admin1, admin2, fields[2] or fields[1], _int(fields[3], "geonameid", document, line, default=0) or None


def parse_geoname_lines(lines: Iterable[str | list[str] | tuple[str, ...]], document: str = "<rows>") -> Iterator[PlaceRow]:
    """Rows given in code (tests, small gazetteers): tab-joined strings or field lists."""
    for line_no, line in enumerate(lines, start=1):
        fields = line.rstrip("\r\n").split("\t") if isinstance(line, str) else list(line)
        yield parse_geoname_fields(fields, document, line_no)
