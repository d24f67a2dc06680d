"""Alerts: admin-1 areas whose fatalities over the last 30 days exceed their own baseline.

In the style of HDX Signals: each area is compared with its own history, not with other
areas. The baseline is the 12 preceding 30-day windows (the past year); an area alerts
when its current window's fatalities reach a minimum count and exceed the baseline's
mean plus two standard deviations. An area that was quiet all year (mean and deviation
zero) alerts as soon as it reaches the minimum count.

The computation (``find_alerts``) takes plain event dicts, so it is tested without a
database; ``alerts_from_store`` reads the events it needs from a ``Store``.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from frontlines.errors import FrontlinesError


class AlertSettingsError(FrontlinesError):
    code = "F500"


@dataclass(frozen=True)
class AlertSettings:
    window_days: int = 30
    #: How many earlier windows of ``window_days`` make the baseline (12 x 30 days: a year).
    baseline_windows: int = 12
    sd_multiplier: float = 2.0
    #: Fewer fatalities than this never alert, however quiet the area was before.
    min_fatalities: int = 10

    def __post_init__(self) -> None:
        if self.window_days < 1:
            raise AlertSettingsError(f"window_days must be at least 1, got {self.window_days}")
        if self.baseline_windows < 2:
            raise AlertSettingsError(f"baseline_windows must be at least 2, got {self.baseline_windows}")
        if self.sd_multiplier < 0:
            raise AlertSettingsError(f"sd_multiplier cannot be negative, got {self.sd_multiplier}")
        if self.min_fatalities < 1:
            raise AlertSettingsError(f"min_fatalities must be at least 1, got {self.min_fatalities}")

    def first_day(self, as_of: date) -> date:
        """The earliest day any window (current or baseline) covers."""
        return as_of - timedelta(days=self.window_days * (self.baseline_windows + 1) - 1)


@dataclass
class Alert:
    country: str | None
    iso3: str | None
    admin1: str
    window_start: str
    window_end: str
    fatalities: int
    event_count: int
    baseline_mean: float
    baseline_sd: float
    threshold: float
    #: Fatalities in each baseline window, most recent first.
    baseline: list[int]
    events: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


#: Fields of each event carried in an alert: enough to list and map it.
EVENT_SUMMARY_FIELDS = (
    "event_id",
    "event_date",
    "event_type",
    "sub_event_type",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "actor1",
    "actor2",
    "n_sources",
)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def find_alerts(events: Iterable[dict[str, Any]], as_of: date, settings: AlertSettings = AlertSettings()) -> list[Alert]:
    """Alerts for the window ending on ``as_of`` (inclusive), strongest excess first."""
    windows = settings.baseline_windows + 1
    fatalities: dict[tuple[str | None, str], list[int]] = defaultdict(lambda: [0] * windows)
    current_events: dict[tuple[str | None, str], list[dict[str, Any]]] = defaultdict(list)
    iso3_of: dict[tuple[str | None, str], str | None] = {}
    for event in events:
        day = _as_date(event.get("event_date"))
        admin1 = event.get("admin1")
        if day is None or not admin1 or day > as_of:
            continue
        index = (as_of - day).days // settings.window_days
        if index >= windows:
            continue
        key = (event.get("country"), admin1)
        iso3_of.setdefault(key, event.get("iso3"))
        fatalities[key][index] += int(event.get("fatalities") or 0)
        if index == 0:
            current_events[key].append({name: event.get(name) for name in EVENT_SUMMARY_FIELDS})

    window_start = as_of - timedelta(days=settings.window_days - 1)
    alerts = []
    for key, by_window in fatalities.items():
        current, baseline = by_window[0], by_window[1:]
        mean = statistics.fmean(baseline)
        sd = statistics.pstdev(baseline)
        threshold = mean + settings.sd_multiplier * sd
        if current < settings.min_fatalities or current <= threshold:
            continue
        listed = sorted(current_events[key], key=lambda e: (str(e.get("event_date")), str(e.get("event_id"))))
        alerts.append(
            Alert(
                country=key[0],
                iso3=iso3_of.get(key),
                admin1=key[1],
                window_start=window_start.isoformat(),
                window_end=as_of.isoformat(),
                fatalities=current,
                event_count=len(listed),
                baseline_mean=round(mean, 2),
                baseline_sd=round(sd, 2),
                threshold=round(threshold, 2),
                baseline=baseline,
                events=listed,
            )
        )
    alerts.sort(key=lambda a: (-(a.fatalities - a.threshold), str(a.country), a.admin1))
    return alerts


def latest_event_date(store: Any) -> date | None:
    """The date of the newest active event: the store's own "today" for historical data."""
    from sqlalchemy import func, select

    from frontlines.store.schema import events

    with store.engine.connect() as connection:
        value = connection.execute(select(func.max(events.c.event_date)).where(events.c.status == "active")).scalar()
    return _as_date(value)


def alerts_from_store(store: Any, as_of: date | None = None, settings: AlertSettings = AlertSettings()) -> tuple[date | None, list[Alert]]:
    """The alerts as of ``as_of`` (default: the newest event's date), and that date."""
    as_of = as_of or latest_event_date(store)
    if as_of is None:
        return None, []
    rows = store.iter_events(since=settings.first_day(as_of), until=as_of)
    return as_of, find_alerts(rows, as_of, settings)
