"""Store fixtures: every store test runs on a temporary SQLite file and on PostgreSQL.

PostgreSQL comes from ``FRONTLINES_TEST_PG_URL`` (``.ci/setup-postgres.sh`` starts a
server and sets it). Without it the PostgreSQL variants skip locally and fail in CI
(``FRONTLINES_REQUIRE_SHARED=1``). Each PostgreSQL test gets its own schema, dropped after.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fake_extract import fake_extract  # noqa: E402

from frontlines.store import Store  # noqa: E402

PG_ENV = "FRONTLINES_TEST_PG_URL"
FIXTURES = HERE.parent / "fixtures" / "consolidation"


def postgres_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    reason = f"{PG_ENV} is not set (source .ci/setup-postgres.sh to start a PostgreSQL server)"
    if os.environ.get("FRONTLINES_REQUIRE_SHARED"):
        pytest.fail(reason + "; FRONTLINES_REQUIRE_SHARED is set, so this is an error")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = make_url(postgres_base_url())
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url, extractor=fake_extract)
    try:
        yield opened
    finally:
        opened.close()
