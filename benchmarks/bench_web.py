"""Load on /api/events over a store of 100k events: requests per second and latency.

A bounded loop on loopback: the server (uvicorn, one worker) runs in its own process on
127.0.0.1, a Python httpx client sends a fixed number of requests per scenario from a few
threads, and the run stops by itself (also after --max-seconds per scenario). Not a test.

The events are written straight into the store's ``events`` table as reconciled records:
``Store`` has no bulk path, and 100k events through consolidation would take far longer
than the thing measured here.

    .venv/bin/python benchmarks/bench_web.py                  # 100k events, 400 requests a scenario
    .venv/bin/python benchmarks/bench_web.py --events 20000 --requests 200
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
from sqlalchemy import insert

from frontlines.store import Store
from frontlines.store.schema import events

TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Mob violence"),
]
AREAS = [
    ("Syria", "SYR", "Idlib", 35.9, 36.6),
    ("Syria", "SYR", "Aleppo", 36.2, 37.2),
    ("Syria", "SYR", "Deir-ez-Zor", 35.3, 40.1),
    ("Iraq", "IRQ", "Baghdad", 33.3, 44.4),
    ("Iraq", "IRQ", "Nineveh", 36.3, 43.1),
    ("Yemen", "YEM", "Taizz", 13.6, 44.0),
    ("Yemen", "YEM", "Al Hudaydah", 14.8, 42.9),
    ("Nigeria", "NGA", "Borno", 11.8, 13.2),
    ("Afghanistan", "AFG", "Kabul", 34.5, 69.2),
    ("Afghanistan", "AFG", "Helmand", 31.6, 64.4),
]
ACTORS = ["Military Forces of Syria", "Islamic State", "Houthis", "Boko Haram", "Taliban", "Civilians", "Protesters"]
SCENARIOS = [
    ("page of 100, newest first", {"limit": 100, "order": "desc"}),
    ("country + type, 100", {"country": "Yemen", "type": "Battles", "limit": 100}),
    ("country + type, count=false", {"country": "Yemen", "type": "Battles", "limit": 100, "count": "false"}),
    ("deep offset 50,000", {"limit": 100, "offset": 50_000}),
    ("bbox + min_fatalities", {"bbox": "35,33,41,37", "min_fatalities": 5, "limit": 100}),
    ("text search q", {"q": "hudaydah", "limit": 100}),
    ("text search q, count=false", {"q": "hudaydah", "limit": 100, "count": "false"}),
    ("geojson, 1000", {"limit": 1000, "format": "geojson"}),
]


def fill_store(url: str, count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    now = datetime.now(timezone.utc)
    rows = []
    for i in range(count):
        country, iso3, admin1, lat, lon = AREAS[i % len(AREAS)]
        event_type, sub = TYPES[rng.randrange(len(TYPES))]
        day = start + timedelta(days=rng.randrange(3650))
        fatalities = rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12, 20, 45])
        event_id = f"FLbench{i:09d}"
        payload = {
            "event_id": event_id,
            "doc_id": f"bench-{i}",
            "event_date": day.isoformat(),
            "event_type": event_type,
            "sub_event_type": sub,
            "actor1": ACTORS[rng.randrange(len(ACTORS))],
            "actor2": ACTORS[rng.randrange(len(ACTORS))],
            "country": country,
            "iso3": iso3,
            "admin1": admin1,
            "location": f"{admin1} town {i % 97}",
            "latitude": round(lat + rng.uniform(-0.5, 0.5), 4),
            "longitude": round(lon + rng.uniform(-0.5, 0.5), 4),
            "fatalities": fatalities,
            "notes": f"Synthetic event {i} in {admin1}: {fatalities} killed.",
            "source": "Bench Wire",
            "sources": ["Bench Wire"],
            "n_sources": 1,
            "evidence": [],
        }
        rows.append(
            {
                "event_id": event_id,
                "status": "active",
                "event_date": day,
                "country": country,
                "iso3": iso3,
                "admin1": admin1,
                "event_type": event_type,
                "latitude": payload["latitude"],
                "longitude": payload["longitude"],
                "first_reported": day,
                "created_at": now,
                "updated_at": now,
                "payload": payload,
            }
        )
    with Store(url) as store, store.engine.begin() as connection:
        for offset in range(0, len(rows), 5000):
            connection.execute(insert(events), rows[offset : offset + 5000])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    code = (
        "import uvicorn, sys; from frontlines.web import create_app; "
        "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', access_log=False)"
    )
    process = subprocess.Popen([sys.executable, "-c", code, url, str(port)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


def run_scenario(base: str, params: dict, requests: int, threads: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + max_seconds
    with httpx.Client(base_url=base, timeout=30, limits=httpx.Limits(max_connections=threads)) as http:
        http.get("/api/events", params=params)  # warm caches once, not timed

        def one(_: int) -> float | None:
            if time.monotonic() > deadline:
                return None
            began = time.perf_counter()
            response = http.get("/api/events", params=params)
            elapsed = time.perf_counter() - began
            return elapsed if response.status_code == 200 else -1.0

        began = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            for result in pool.map(one, range(requests)):
                if result is None:
                    continue
                if result < 0:
                    errors += 1
                else:
                    latencies.append(result)
        wall = time.perf_counter() - began
    latencies.sort()
    done = len(latencies)
    return {
        "requests": done,
        "errors": errors,
        "rps": done / wall if wall else 0.0,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99": latencies[min(done - 1, int(done * 0.99))] * 1000 if latencies else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="Requests per scenario.")
    parser.add_argument("--threads", type=int, default=4, help="Client threads (concurrent requests).")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="Stop a scenario after this long.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        began = time.perf_counter()
        fill_store(url, args.events)
        print(f"stored {args.events:,} events in {time.perf_counter() - began:.1f}s (SQLite, {url})")
        port = free_port()
        server = start_server(url, port)
        try:
            base = f"http://127.0.0.1:{port}"
            print(
                f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
                f"uvicorn 1 worker; {args.threads} client threads; {args.requests} requests a scenario\n"
            )
            print(f"{'GET /api/events':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
            for name, params in SCENARIOS:
                result = run_scenario(base, params, args.requests, args.threads, args.max_seconds)
                print(f"{name:<28} {result['rps']:>8.1f} {result['p50']:>8.1f} {result['p99']:>8.1f} {result['errors']:>7}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
