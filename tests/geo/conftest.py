"""Gazetteers for the geo tests: a small one from a few GeoNames rows, and the default one."""

from __future__ import annotations

import pytest

from frontlines.geo import Gazetteer, default_index_path


def geoname_row(geonameid, name, lat, lon, cc, admin1, population=0, *, alternates=(), fclass="P",
                fcode="PPL", admin2=""):
    """One line in the 19-column GeoNames ``geoname`` layout."""
    fields = [
        str(geonameid), name, name, ",".join(alternates), str(lat), str(lon), fclass, fcode, cc, "",
        admin1, admin2, "", "", str(population), "", "", "", "2020-01-01",
    ]
    return "\t".join(fields)


#: Real places (GeoNames ids, coordinates and populations), few enough to read.
SMALL_ROWS = [
    geoname_row(170063, "Aleppo", 36.20124, 37.16117, "SY", "09", 2098210, alternates=("Halab", "Alep")),
    geoname_row(169389, "Idlib", 35.93062, 36.63393, "SY", "12", 128840, alternates=("Idleb",)),
    geoname_row(173811, "Al Ḩasakah", 36.50237, 40.74772, "SY", "01", 422445,
                alternates=("Al-Hasakah", "Hasakah", "Hassakeh")),
    geoname_row(170794, "Deir ez-Zor", 35.33588, 40.14084, "SY", "07", 271800, alternates=("Dayr az Zawr",)),
    geoname_row(169577, "Homs", 34.72405, 36.72559, "SY", "11", 775404, alternates=("Hims",)),
    geoname_row(170654, "Damascus", 33.5102, 36.29128, "SY", "13", 1569394, fcode="PPLC"),
    geoname_row(172256, "‘Ayn al ‘Arab", 36.89095, 38.35347, "SY", "09", 50000, alternates=("Kobani", "Ain al-Arab")),
    geoname_row(266826, "Tripoli", 34.43352, 35.84415, "LB", "09", 229398, alternates=("Trablous",)),
    geoname_row(276781, "Beirut", 33.89332, 35.50157, "LB", "04", 1916100, fcode="PPLC"),
    geoname_row(2210247, "Tripoli", 32.88743, 13.18733, "LY", "77", 1302947, fcode="PPLC", alternates=("Tarabulus",)),
    geoname_row(2219905, "Al Khums", 32.64861, 14.26191, "LY", "82", 201943, alternates=("Homs", "Khoms")),
    geoname_row(2214846, "Misratah", 32.37535, 15.09254, "LY", "72", 386120, alternates=("Misrata",)),
    geoname_row(323786, "Ankara", 39.91987, 32.85427, "TR", "68", 3517182, fcode="PPLC"),
    geoname_row(1138958, "Kabul", 34.52813, 69.17233, "AF", "13", 4434550, fcode="PPLC"),
    geoname_row(1141269, "Ghazni", 33.55391, 68.42096, "AF", "08", 141000, fcode="PPLA"),
    geoname_row(1148674, "Andar", 34.25807, 68.81609, "AF", "27"),
    geoname_row(1148675, "Andar", 33.87014, 69.71633, "AF", "36"),
    geoname_row(9000001, "Andar", 33.25, 68.45, "AF", "08", admin2="614"),
    geoname_row(5128581, "New York City", 40.71427, -74.00597, "US", "NY", 8804190, alternates=("New York",)),
    geoname_row(4164138, "Miami", 25.77427, -80.19366, "US", "FL", 442241),
    geoname_row(2643743, "London", 51.50853, -0.12574, "GB", "ENG", 8961989, fcode="PPLC"),
    geoname_row(6167865, "Toronto", 43.70643, -79.39864, "CA", "08", 2600000),
]
SMALL_ADMIN1 = [
    "SY.09\tAleppo\tAleppo\t170062", "SY.12\tIdlib\tIdlib\t169387", "SY.01\tAl-Hasakah\tAl-Hasakah\t173814",
    "SY.07\tDeir ez-Zor\tDeir ez-Zor\t170792", "SY.11\tHoms\tHoms\t169575", "SY.13\tDimashq\tDimashq\t170652",
    "LB.09\tNorth Governorate\tNorth Governorate\t266824", "LB.04\tBeyrouth\tBeyrouth\t276780",
    "LY.77\tTripoli\tTripoli\t2210245", "LY.82\tAl Marqab\tAl Marqab\t2219903",
    "LY.72\tMisratah\tMisratah\t2214845", "TR.68\tAnkara\tAnkara\t323784",
    "AF.13\tKabul\tKabul\t1138957", "AF.08\tGhazni\tGhazni\t1141268",
    "AF.27\tVardak\tVardak\t1121863", "AF.36\tPaktia\tPaktia\t1131257",
    "US.NY\tNew York\tNew York\t5128638", "US.FL\tFlorida\tFlorida\t4155751", "CA.08\tOntario\tOntario\t6093943",
    "GB.ENG\tEngland\tEngland\t6269131",
]
SMALL_ADMIN2 = ["AF.08.614\tAndar\tAndar\t7052953"]


@pytest.fixture(scope="session")
def small_gazetteer() -> Gazetteer:
    return Gazetteer.from_geonames_rows(SMALL_ROWS, admin1_codes=SMALL_ADMIN1, admin2_codes=SMALL_ADMIN2)


@pytest.fixture()
def small_index_file(small_gazetteer, tmp_path):
    """The small gazetteer as an index file, with FRONTLINES_GAZETTEER pointing at it."""
    return small_gazetteer.save(tmp_path / "gazetteer.sqlite")


@pytest.fixture(scope="session")
def default_gazetteer(tmp_path_factory) -> Gazetteer:
    """The default gazetteer: the user's index if built, else built fresh (about 15 s)."""
    path = default_index_path()
    if not path.exists():
        path = tmp_path_factory.mktemp("gazetteer") / "gazetteer-v1.sqlite"
    return Gazetteer.default(path)


@pytest.fixture(scope="session")
def make_row():
    """``geoname_row`` for tests that write their own GeoNames files."""
    return geoname_row
