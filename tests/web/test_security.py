"""Write endpoints, tokens, injection strings, body limits and the dashboard's headers."""

from __future__ import annotations

import json

import pytest
from conftest import HOSTILE_SENTENCE, TOKEN

from frontlines.web.security import token_matches

AUTH = {"Authorization": f"Bearer {TOKEN}"}
INJECTIONS = [
    "' OR '1'='1",
    "Syria'; DROP TABLE events; --",
    '" OR 1=1 --',
    "%' UNION SELECT payload FROM events --",
    "1); DELETE FROM reports; --",
    "\\'; --",
]


def test_writes_refuse_missing_and_wrong_tokens(client) -> None:
    event_id = client.get("/api/events").json()["events"][0]["event_id"]
    correction = {"changes": {"fatalities": 99}, "note": "check"}
    report = {"id": "new-1", "text": "Clashes in Idlib killed five fighters on Monday, a monitor said."}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}):
        patched = client.patch(f"/api/events/{event_id}", json=correction, headers=headers)
        posted = client.post("/api/reports", json=report, headers=headers)
        for response in (patched, posted):
            assert response.status_code == 401, response.text
            assert response.json()["error"]["code"] == "unauthorized"
            assert response.headers["www-authenticate"] == "Bearer"
    assert client.get(f"/api/events/{event_id}").json()["event"]["fatalities"] != 99
    assert client.get("/api/health").json()["counts"]["reports"] == 9


def test_read_only_server_refuses_every_write(read_only_client) -> None:
    event_id = read_only_client.get("/api/events").json()["events"][0]["event_id"]
    response = read_only_client.patch(f"/api/events/{event_id}", json={"changes": {"fatalities": 1}, "note": "x"}, headers=AUTH)
    assert response.status_code == 403 and response.json()["error"]["code"] == "read_only"
    response = read_only_client.post("/api/reports", json={"id": "a", "text": "b"}, headers=AUTH)
    assert response.status_code == 403
    assert read_only_client.get("/api/health").json()["read_only"] is True


def test_correction_with_token(client) -> None:
    event_id = client.get("/api/events", params={"admin1": "Aleppo"}).json()["events"][0]["event_id"]
    response = client.patch(
        f"/api/events/{event_id}", json={"changes": {"fatalities": 12}, "note": "hospital list", "editor": "ana"}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    detail = response.json()
    assert detail["event"]["fatalities"] == 12 and detail["event"]["corrected_fields"] == ["fatalities"]
    [logged] = detail["corrections"]
    assert (logged["field"], logged["new_value"], logged["note"], logged["editor"]) == ("fatalities", 12, "hospital list", "ana")

    bad_field = client.patch(f"/api/events/{event_id}", json={"changes": {"event_id": "x"}, "note": "n"}, headers=AUTH)
    assert bad_field.status_code == 422 and bad_field.json()["error"]["code"] == "F400"
    no_note = client.patch(f"/api/events/{event_id}", json={"changes": {"fatalities": 1}}, headers=AUTH)
    assert no_note.status_code == 422 and no_note.json()["error"]["code"] == "invalid_request"
    missing = client.patch("/api/events/FLmissing", json={"changes": {"fatalities": 1}, "note": "n"}, headers=AUTH)
    assert missing.status_code == 404


def test_post_reports_ingests_and_reports_rejects(client) -> None:
    reports = [
        {"id": "post-1", "text": "Report post-1.\nIn Hama 3 people were killed on 2020-08-01.\n", "published": "2020-08-02"},
        {"id": "post-2", "text": ""},
    ]
    response = client.post("/api/reports", json=reports, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"]["reports"] == 1 and body["summary"]["added"] == 1
    assert [r["code"] for r in body["rejected"]] == ["F101"]  # empty document
    ndjson = "\n".join(json.dumps(r) for r in reports[:1])
    again = client.post("/api/reports", content=ndjson, headers={**AUTH, "Content-Type": "application/x-ndjson"})
    assert again.json()["summary"]["unchanged"] == 1
    broken = client.post("/api/reports", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "bad_json"
    nothing = client.post("/api/reports", json=[{"id": "x"}], headers=AUTH)
    assert nothing.status_code == 422 and nothing.json()["error"]["rejected"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_in_filters_do_no_harm(client, payload: str) -> None:
    for name in ("country", "admin1", "type", "q", "actor", "since", "bbox", "cursor", "order"):
        for path in ("/api/events", "/api/stats", "/api/export"):
            response = client.get(path, params={name: payload})
            assert response.status_code in (200, 400, 422), (path, name, response.text)
            assert "error" in response.json() if response.status_code != 200 and path != "/api/export" else True
        if name in ("country", "admin1", "type", "q", "actor"):
            assert client.get("/api/events", params={name: payload}).json()["total"] == 0
    detail = client.get(f"/api/events/{payload}")
    assert detail.status_code == 404
    # Every table is still there and whole.
    health = client.get("/api/health").json()
    assert health["counts"]["events"] == 9 and health["counts"]["reports"] == 9


def test_oversized_body_is_refused_with_413(client) -> None:
    big = {"id": "big", "text": "word " * 20_000}  # over the 64 KiB limit of this app
    response = client.post("/api/reports", json=big, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"

    async def chunks():
        # No Content-Length: the limit must hold while the body streams in.
        for _ in range(40):
            yield b"x" * 4096

    streamed = client.post("/api/reports", content=chunks(), headers={**AUTH, "Content-Type": "application/x-ndjson"})
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "body_too_large"


def test_hostile_text_comes_back_as_data_and_the_page_forbids_inline_script(client) -> None:
    [event] = client.get("/api/events", params={"q": "douma"}).json()["events"]
    detail = client.get(f"/api/events/{event['event_id']}").json()
    joined = "".join(s["text"] for s in detail["reports"][0]["segments"])
    assert HOSTILE_SENTENCE in joined
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"


def test_token_comparison() -> None:
    assert token_matches("abc", "Bearer abc") and token_matches("abc", "bearer abc")
    assert not token_matches("abc", "Bearer abd") and not token_matches("abc", None)
    assert not token_matches("abc", "Bearer ") and not token_matches("abc", "abc")
