"""One test against a real uvicorn server on a loopback port: the API and the dashboard's
files over real HTTP, gzip included."""

from __future__ import annotations

import httpx
from conftest import TOKEN, RunningServer

from frontlines.web import create_app


def test_real_server_serves_api_and_dashboard(synthetic_store) -> None:
    with RunningServer(create_app(None, token=TOKEN, store=synthetic_store)) as server:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            health = http.get("/api/health")
            assert health.status_code == 200 and health.json()["counts"]["events"] == 9
            page = http.get("/")
            assert page.status_code == 200 and '<div id="map">' in page.text
            basemap = http.get("/static/basemap/countries.json", headers={"Accept-Encoding": "gzip"})
            assert basemap.status_code == 200 and basemap.headers["content-encoding"] == "gzip"
            assert basemap.json()["type"] == "MultiLineString"
            for path in ("/static/js/app.js", "/static/vendor/leaflet/leaflet.js", "/static/basemap/admin1.json"):
                assert http.get(path).status_code == 200, path
            events = http.get("/api/events", params={"limit": 2}).json()
            assert len(events["events"]) == 2 and events["next_cursor"]
            huge = http.post("/api/reports", content=b"x" * (7 * 1024 * 1024), headers={"Authorization": f"Bearer {TOKEN}"})
            assert huge.status_code == 413
