"""Alerts: the baseline arithmetic, and `frontlines alerts` on a store."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from frontlines.alerts import AlertSettings, AlertSettingsError, find_alerts
from frontlines.cli import main

AS_OF = date(2021, 1, 31)


def event(days_before: int, fatalities: int, admin1: str = "Idlib", event_id: str | None = None) -> dict:
    return {
        "event_id": event_id or f"FL{admin1}{days_before}",
        "event_date": (AS_OF - timedelta(days=days_before)).isoformat(),
        "country": "Syria",
        "iso3": "SYR",
        "admin1": admin1,
        "fatalities": fatalities,
    }


def test_an_area_above_its_own_baseline_alerts_with_its_events() -> None:
    # Idlib: 10 a month all year, then 40 now. Aleppo: 40 every month, 40 now (its normal).
    history = [event(30 * k + 5, 10) for k in range(1, 13)] + [event(3, 25, event_id="a"), event(10, 15, event_id="b")]
    steady = [event(30 * k + 5, 40, "Aleppo") for k in range(0, 13)]
    [alert] = find_alerts(history + steady, AS_OF)
    assert (alert.admin1, alert.fatalities, alert.event_count) == ("Idlib", 40, 2)
    assert alert.baseline_mean == 10 and alert.baseline_sd == 0 and alert.threshold == 10
    assert [e["event_id"] for e in alert.events] == ["b", "a"]
    assert (alert.window_start, alert.window_end) == ("2021-01-02", "2021-01-31")


def test_volatile_baselines_and_minimum_counts_hold_alerts_back() -> None:
    volatile = [event(30 * k + 5, 0 if k % 2 else 60) for k in range(1, 13)] + [event(2, 70)]
    assert find_alerts(volatile, AS_OF) == []  # mean 30, sd 30: threshold 90
    quiet_area_small_toll = [event(2, 9)]
    assert find_alerts(quiet_area_small_toll, AS_OF) == []
    assert len(find_alerts(quiet_area_small_toll, AS_OF, AlertSettings(min_fatalities=5))) == 1
    undated_or_unplaced = [{**event(2, 50), "event_date": None}, {**event(2, 50), "admin1": None}]
    assert find_alerts(undated_or_unplaced, AS_OF) == []
    future = [event(-3, 50)]
    assert find_alerts(future, AS_OF) == []


def test_settings_are_checked() -> None:
    with pytest.raises(AlertSettingsError):
        AlertSettings(window_days=0)
    with pytest.raises(AlertSettingsError):
        AlertSettings(min_fatalities=0)


def test_alerts_command(synthetic_store) -> None:
    runner = CliRunner()
    url = synthetic_store.url
    result = runner.invoke(main, ["alerts", "--db", url, "--as-of", "2020-07-01", "--min-fatalities", "4", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["as_of"] == "2020-07-01" and "Rif Dimashq" in {a["admin1"] for a in body["alerts"]}
    table = runner.invoke(main, ["alerts", "--db", url, "--min-fatalities", "4"])
    assert table.exit_code == 0 and "Rif Dimashq" in table.stdout and "threshold" in table.stdout
    assert runner.invoke(main, ["alerts", "--db", url, "--as-of", "July"]).exit_code == 2


def test_serve_command_is_documented() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--max-body", "FRONTLINES_TOKEN"):
        assert option in result.output
