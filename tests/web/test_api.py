"""The read endpoints, through httpx against the app in-process."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
from sqlalchemy import update

from frontlines.store.schema import events as events_table


def test_events_list_filters_and_geojson(client) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 9 and len(body["events"]) == 9
    dates = [e["event_date"] for e in body["events"]]
    assert dates == sorted(dates)

    def ids(**params) -> list[str]:
        return [e["doc_id"] for e in client.get("/api/events", params=params).json()["events"]]

    assert ids(admin1="idlib") == ["syn-0", "syn-4"]
    assert ids(type="Battles", since="2020-05-10") == ["syn-2", "syn-4", "syn-6"]
    assert ids(until="2020-05-08") == ["syn-0", "syn-1"]
    assert ids(country="SYR", min_fatalities=18) == ["syn-6", "syn-7"]
    assert ids(bbox="36,32,36.5,33") == ["syn-2", "syn-6"]  # Dar'a
    assert ids(q="douma") == ["hostile"]
    assert ids(actor="gunmen") == ["hostile"]
    assert ids(q="100%") == []  # LIKE wildcards are literal characters

    geo = client.get("/api/events", params={"format": "geojson", "admin1": "Aleppo"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert [f["geometry"]["coordinates"] for f in features] == [[37.16, 36.2], [37.16, 36.2]]


def test_paging_by_offset_and_cursor(client) -> None:
    first = client.get("/api/events", params={"limit": 4, "order": "desc"}).json()
    assert first["total"] == 9 and first["next_cursor"]
    walked = [e["event_id"] for e in first["events"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/api/events", params={"limit": 4, "cursor": cursor}).json()
        walked += [e["event_id"] for e in page["events"]]
        cursor = page["next_cursor"]
    everything = [e["event_id"] for e in client.get("/api/events", params={"order": "desc"}).json()["events"]]
    assert walked == everything
    by_offset = client.get("/api/events", params={"limit": 4, "offset": 4, "order": "desc"}).json()
    assert [e["event_id"] for e in by_offset["events"]] == everything[4:8]

    both = client.get("/api/events", params={"cursor": first["next_cursor"], "offset": 2})
    assert both.status_code == 400 and both.json()["error"]["code"] == "bad_query"
    assert client.get("/api/events", params={"cursor": "not-a-cursor"}).status_code == 400
    assert client.get("/api/events", params={"limit": 5000}).status_code == 422


def test_event_detail_highlights_evidence(client) -> None:
    [listed] = client.get("/api/events", params={"q": "douma"}).json()["events"]
    detail = client.get(f"/api/events/{listed['event_id']}").json()
    assert detail["event"]["event_id"] == listed["event_id"]
    [report] = detail["reports"]
    marked = [s["text"] for s in report["segments"] if s["evidence"]]
    assert marked == [listed["evidence"][0]["text"]]
    assert "".join(s["text"] for s in report["segments"]).startswith("Report hostile.")
    assert detail["sources"] == ["Test Wire"]
    assert detail["fatality_history"][0]["fatalities"] == 4
    assert detail["corrections"] == []


def test_merged_id_redirects_to_its_absorber(client, synthetic_store) -> None:
    ids = [e["event_id"] for e in client.get("/api/events").json()["events"]]
    absorber, absorbed = ids[0], ids[1]
    with synthetic_store.engine.begin() as connection:
        connection.execute(
            update(events_table).where(events_table.c.event_id == absorbed).values(status="merged", merged_into=absorber)
        )
    response = client.get(f"/api/events/{absorbed}")
    assert response.status_code == 308
    assert response.headers["location"] == f"/api/events/{absorber}"
    assert client.get(f"/api/events/{absorber}").json()["absorbed_ids"] == [absorbed]


def test_unknown_event_is_a_json_404(client) -> None:
    response = client.get("/api/events/FLnothing")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "code": "not_found", "message": "no event FLnothing"}}


def test_weekly_stats(client) -> None:
    stats = client.get("/api/stats").json()
    assert stats["totals"]["events"] == 9
    assert stats["totals"]["fatalities"] == sum(i * 3 for i in range(8)) + 4
    assert all(w["week"] <= v["week"] for w, v in zip(stats["weeks"], stats["weeks"][1:]))
    first_week = stats["weeks"][0]
    assert first_week == {"week": "2020-04-27", "events": 1, "fatalities": 0}
    assert {row["admin1"] for row in stats["by_admin1"]} >= {"Idlib", "Aleppo", "Rif Dimashq"}
    by_type = client.get("/api/stats", params={"type": "Battles"}).json()
    assert {row["event_type"] for row in by_type["by_type"]} == {"Battles"}


def test_exports(client) -> None:
    response = client.get("/api/export", params={"format": "csv", "admin1": "Idlib"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["admin1"] for r in rows] == ["Idlib", "Idlib"]
    geo = client.get("/api/export", params={"format": "geojson"}).json()
    assert len(geo["features"]) == 9
    lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == 9 and json.loads(lines[0])["event_id"]
    table = pq.read_table(io.BytesIO(client.get("/api/export", params={"format": "parquet"}).content))
    assert table.num_rows == 9 and "fatalities" in table.column_names
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_alerts_and_facets(client) -> None:
    body = client.get("/api/alerts", params={"as_of": "2020-07-01", "min_fatalities": 4}).json()
    assert body["as_of"] == "2020-07-01"
    areas = {a["admin1"]: a for a in body["alerts"]}
    assert "Rif Dimashq" in areas
    assert [e["event_date"] for e in areas["Rif Dimashq"]["events"]] == ["2020-07-01"]
    facets = client.get("/api/facets").json()
    assert facets["countries"] == ["Syria"] and "Battles" in facets["event_types"]
    assert facets["first_date"] == "2020-05-01" and facets["last_date"] == "2020-07-01"


def test_health_and_openapi(client) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["read_only"] is False and health["counts"]["events"] == 9
    assert "fatalities" in health["editable_fields"]
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/stats", "/api/export", "/api/reports", "/api/alerts"):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_api_docs_are_served_from_the_package_not_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
