"""End to end in real headless Chromium (Debian's, driven by Playwright with
``executable_path``): load the dashboard over the seed report, filter, open an event,
see its evidence highlighted, correct it, and check hostile text stays text.

Skips when Chromium or Playwright is missing, except in CI (FRONTLINES_REQUIRE_SHARED=1),
where .ci/setup-chromium.sh installs Chromium and a skip would hide a broken dashboard.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import HOSTILE_SENTENCE, TOKEN

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("FRONTLINES_REQUIRE_SHARED"):
        pytest.fail(reason + "; FRONTLINES_REQUIRE_SHARED is set, so this is an error")
    pytest.skip(reason)


def chromium_path() -> str:
    path = os.environ.get("FRONTLINES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _unavailable(f"no Chromium at {path} (apt-get install chromium, or source .ci/setup-chromium.sh)")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser, seed_server) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None)
    opened.goto(seed_server.url + "/")
    opened.wait_for_selector("body[data-loaded=true]", timeout=20_000)
    yield opened
    context.close()
    assert problems == [], problems


def rows(page) -> int:
    return page.locator("#events tbody tr").count()


def apply_filters(page, **values: str) -> None:
    page.click("#reset-filters")
    page.wait_for_selector("body[data-loaded=true]")
    for name, value in values.items():
        field = page.locator(f"#filters [name={name}]")
        if field.evaluate("node => node.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.click("#apply")
    page.wait_for_selector("body[data-loaded=true]")


def test_dashboard_filters_and_shows_highlighted_evidence(page, seed_server) -> None:
    with httpx.Client(base_url=seed_server.url) as http:
        everything = http.get("/api/events").json()["events"]
        [battle] = http.get("/api/events", params={"type": "Battles"}).json()["events"]
    assert rows(page) == len(everything)
    assert page.locator("#map .leaflet-overlay-pane canvas, #map canvas").count() >= 1
    assert page.locator("#timeline rect").count() >= 1

    apply_filters(page, type="Battles")
    assert rows(page) == 1
    page.locator("#events tbody tr").first.click()
    marks = page.locator("#panel mark.evidence")
    marks.first.wait_for(timeout=10_000)
    evidence = [span["text"] for span in battle["evidence"]]
    assert marks.first.inner_text().strip() in [text.strip() for text in evidence]
    assert "New Arab" in page.locator("#panel .sources").inner_text()
    assert page.locator("#panel table").count() == 1  # toll history

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))


def test_hostile_text_is_shown_as_text_and_never_runs(page) -> None:
    apply_filters(page, q="douma")
    assert rows(page) == 1
    assert "<i>Gunmen</i>" in page.locator("#events tbody").inner_text()
    page.locator("#events tbody tr").first.click()
    mark = page.locator("#panel mark.evidence").first
    mark.wait_for(timeout=10_000)
    assert mark.inner_text() == HOSTILE_SENTENCE
    assert page.locator("#panel script, #panel img, #panel b, #events i").count() == 0
    page.wait_for_timeout(300)  # time for an onerror handler to have fired, were there one
    assert page.evaluate("window.__frontlines_pwned") is None
    page.screenshot(path=str(ARTIFACTS / "hostile.png"))


def test_correction_form_appears_with_a_token_and_saves(page) -> None:
    apply_filters(page, q="douma")
    page.locator("#events tbody tr").first.click()
    page.locator("#panel mark.evidence").first.wait_for()
    assert page.locator("#panel form.correction").count() == 0
    page.fill("#auth [name=token]", TOKEN)
    page.dispatch_event("#auth [name=token]", "change")
    form = page.locator("#panel form.correction")
    form.wait_for()
    form.locator("[name=field]").select_option("fatalities")
    form.locator("[name=value]").fill("6")
    form.locator("[name=note]").fill("morgue list")
    form.locator("button[type=submit]").click()
    page.locator("#panel .corrections", has_text="morgue list").wait_for(timeout=10_000)
    assert "6" in page.locator("#panel dl").inner_text()
