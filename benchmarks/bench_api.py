"""API latency under load: 100,000 incidents in SQLite, 20 concurrent clients, 20 s per endpoint.

Starts the real ``marsad serve`` (one uvicorn process, or ``--workers N``) on 127.0.0.1 and drives it
over HTTP/1.1 keep-alive connections from one asyncio process (a bare client, so it takes little CPU from the
server). Prints p50/p95/p99 per endpoint and the ratio of each p95 to the p95 of baselines measured
in the same run: a static file (no database) and /api/v1/me (token check only).
Goal: p95 < 100 ms for the incident list, stats and map.

Pages of the incident list are cached per data version like stats and the map (``[web] page_cache``):
the list is measured twice, with the cache as served by default and on a second server started with
``MARSAD_WEB_PAGE_CACHE=false``, where every request runs the query; there a third case gives every
request a filter no earlier request used (so the count runs too). Each row also shows the server's CPU
time per request (user + system of the server's processes, from /proc): a figure that depends much
less on what else the machine is doing than the latencies do.

The synthetic incidents are written through ``Store.save_incident`` (about 3 minutes for 100,000);
the database is kept in var/bench/ and reused by later runs.

    .venv/bin/python benchmarks/bench_api.py [--incidents 100000] [--clients 20] [--seconds 20]
        [--workers 1] [--only TEXT]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
MARSAD = str(Path(sys.executable).with_name("marsad"))
GOVERNORATES = {
    "Aleppo": (36.20, 37.16), "Idlib": (35.93, 36.63), "Hama": (35.13, 36.75), "Homs": (34.73, 36.71),
    "Latakia": (35.52, 35.79), "Tartus": (34.89, 35.89), "Damascus": (33.51, 36.29),
    "Rural Damascus": (33.57, 36.40), "Daraa": (32.62, 36.10), "As-Suwayda": (32.71, 36.57),
    "Quneitra": (33.13, 35.82), "Deir ez-Zor": (35.33, 40.14), "Ar-Raqqa": (35.95, 39.01),
    "Al-Hasakeh": (36.50, 40.75),
}  # fmt: skip
TYPES = [
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Battles", "Armed clash"),
    ("Protests", "Peaceful protest"),
]
SOURCES = [f"Monitor {c}" for c in "ABCDEFGHIJ"]
COMMUNITIES = ["Alawite", "Druze", "Kurdish", "Christian", "Sunni Arab", "Ismaili"]


def build(db: Path, n: int) -> None:
    from marsad.store import Store

    rng = random.Random(7)
    places = []
    for gov, (lat, lon) in GOVERNORATES.items():
        for k in range(25):  # 350 places: towns share coordinates, as geocoded incidents do
            places.append(
                (
                    gov,
                    f"{gov} place {k}",
                    round(lat + rng.uniform(-0.4, 0.4), 4),
                    round(lon + rng.uniform(-0.4, 0.4), 4),
                )
            )
    start = 15000  # days since 1970: 2011-01-26 … about 15 years
    with Store(str(db), actor="bench") as store:
        t0 = time.perf_counter()
        for i in range(n):
            gov, place, lat, lon = rng.choice(places)
            etype, sub = rng.choice(TYPES)
            day = time.strftime("%Y-%m-%d", time.gmtime((start + rng.randrange(5400)) * 86400))
            deaths = int(rng.paretovariate(1.6)) - 1
            sources = sorted(rng.sample(SOURCES, rng.choice((1, 1, 1, 2, 3))))
            fields = {
                "event_type": etype, "sub_event_type": sub, "date_start": day, "date_end": day,
                "admin1": gov, "admin2": gov, "location": place, "latitude": lat, "longitude": lon,
                "geo_precision": 1, "fatalities": deaths, "fatalities_low": deaths, "fatalities_high": deaths,
                "injured": None, "displaced": None,
                "victim_community": [rng.choice(COMMUNITIES)] if rng.random() < 0.2 else [],
                "actors": [], "sources": sources, "n_sources": len(sources), "n_reports": len(sources),
                "attributed_to": [], "confidence": 0.6, "claims": [],
            }  # fmt: skip
            store.save_incident(fields, [])
            if (i + 1) % 10000 == 0:
                print(f"  {i + 1} incidents written ({time.perf_counter() - t0:.0f} s)", flush=True)


def start_server(
    db: Path, workers: int, env: dict[str, str], headers: dict[str, str]
) -> tuple[str, subprocess.Popen[str]]:
    """``marsad serve`` on a free port, once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [MARSAD, "--db", str(db), "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v1/me", headers=headers, timeout=5).status_code == 200:
                return url, server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            stop_server(server)
            raise SystemExit(f"server did not start: {server.stderr.read() if server.stderr else ''}")
        time.sleep(0.2)


def stop_server(server: subprocess.Popen[str]) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    if server.stderr and (err := server.stderr.read().strip()):
        print(re.sub(r"\n+", "\n", err)[-2000:], file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One keep-alive HTTP/1.1 GET; the status code. A bare client, so the load generator (same
    machine) takes as little CPU from the server as it can."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = re.search(rb"(?i)content-length: *(\d+)", head)
    if length is None:  # not an answer this client can frame: count it as an error
        raise SystemExit(f"unexpected answer: {head[:200]!r}")
    await reader.readexactly(int(length.group(1)))
    return status


async def load(
    url: str, headers: dict[str, str], paths: list[str], clients: int, seconds: float
) -> list[float]:
    """``clients`` concurrent connections looping over ``paths`` for ``seconds``; latencies (ms) of 200s."""
    host, port = url.removeprefix("http://").split(":")
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    requests = [
        f"GET {quote(p, safe='/?=&')} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode() for p in paths
    ]
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(k: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port), limit=2**24)
        i = k
        while time.perf_counter() < stop:
            t = time.perf_counter()
            status = await _get(reader, writer, requests[i % len(requests)])
            i += 1
            if status == 200:
                latencies.append((time.perf_counter() - t) * 1000)
            else:
                errors += 1
        writer.close()

    await asyncio.gather(*(worker(k) for k in range(clients)))
    if errors:
        print(f"  !! {errors} answers were not 200")
    return latencies


def pct(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers)")
    ap.add_argument("--only", default="", help="measure only endpoints whose name contains this text")
    args = ap.parse_args()

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"api-{args.incidents}.sqlite"
    if not db.exists():
        print(f"writing {args.incidents} synthetic incidents to {db} (once; kept for later runs)")
        try:
            build(db, args.incidents)
        except BaseException:
            for p in folder.glob(f"{db.name}*"):
                p.unlink()
            raise
    env = {**os.environ, "MARSAD_DEBUG": ""}
    subprocess.run(
        [MARSAD, "--db", str(db), "users", "ensure-admin"], check=True, capture_output=True, env=env
    )
    token = subprocess.run(
        [MARSAD, "--db", str(db), "users", "token", "admin", "--label", "bench"],
        check=True, capture_output=True, text=True, env=env,
    ).stdout.strip()  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    govs = list(GOVERNORATES)
    rng = random.Random(11)
    # every request a filter no earlier request used: nothing cached can answer it, the count included
    fresh = [
        f"/api/v1/incidents?admin1={g}&min_fatalities={k}&sort=-fatalities" for g in govs for k in range(400)
    ]
    rng.shuffle(fresh)
    list_cases = {
        "incident list (page of 50, by date)": [
            f"/api/v1/incidents?limit=50&offset={k * 50}" for k in range(20)
        ],
        "incident list, filtered + sorted": [
            f"/api/v1/incidents?admin1={g}&min_fatalities=2&sort=-fatalities&limit=50" for g in govs
        ],
    }
    cases = {
        "baseline: static file": ["/static/marsad.css"],
        "baseline: /api/v1/me (token check)": ["/api/v1/me"],
        **{f"{name} [cached]": paths for name, paths in list_cases.items()},
        "stats per day": ["/api/v1/stats?by=day"],
        "stats per week / governorate / community": [
            "/api/v1/stats?by=week",
            "/api/v1/stats?by=admin1",
            "/api/v1/stats?by=community",
        ],
        "map (all incidents)": ["/api/v1/map"],
        "map, filtered by governorate": [f"/api/v1/map?admin1={g}" for g in govs],
    }
    # the same list requests on a server without the page cache: every request runs the query
    uncached_cases = {
        **{f"{name} [no cache]": paths for name, paths in list_cases.items()},
        "incident list, a new filter every request [no cache]": fresh,
    }  # fmt: skip

    def chosen(names: dict[str, list[str]]) -> dict[str, list[str]]:
        return {k: v for k, v in names.items() if k.startswith("baseline") or args.only in k}

    load_before = os.getloadavg()[0]
    results: dict[str, tuple[int, float, float, float, float]] = {}
    cold: dict[str, float] = {}
    for page_cache, group in (("true", chosen(cases)), ("false", chosen(uncached_cases))):
        if not group:
            continue
        url, server = start_server(db, args.workers, {**env, "MARSAD_WEB_PAGE_CACHE": page_cache}, headers)
        try:
            if page_cache == "true":
                n = httpx.get(f"{url}/api/v1/incidents?limit=1", headers=headers, timeout=60).json()["total"]
                print(
                    f"\n{n} incidents; {args.clients} concurrent clients; {args.seconds:.0f} s per endpoint;",
                    end=" ",
                )
                print("one server process" if args.workers == 1 else f"{args.workers} server processes")
                for name in ("stats per day", "map (all incidents)"):
                    t = time.perf_counter()
                    httpx.get(url + cases[name][0], headers=headers, timeout=120).raise_for_status()
                    cold[name] = (time.perf_counter() - t) * 1000
            for name, paths in group.items():
                if name in results:
                    continue
                cpu = server_cpu(server.pid)
                lat = asyncio.run(load(url, headers, paths, args.clients, args.seconds))
                ms_cpu = (server_cpu(server.pid) - cpu) * 1000 / max(1, len(lat))
                results[name] = (len(lat), pct(lat, 50), pct(lat, 95), pct(lat, 99), ms_cpu)
        finally:
            stop_server(server)
    base_static = results["baseline: static file"][2]
    base_me = results["baseline: /api/v1/me (token check)"][2]
    print(f"\n{'endpoint':54} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'cpu ms/req':>10} {'p95/static':>10} {'p95/me':>7}")  # fmt: skip
    for name, (count, p50, p95, p99, ms_cpu) in results.items():
        print(
            f"{name:54} {count:9d} {count / args.seconds:7.0f} {p50:8.1f} {p95:8.1f} {p99:8.1f} "
            f"{ms_cpu:10.2f} {p95 / base_static:10.2f} {p95 / base_me:7.2f}"
        )
    for name, ms in cold.items():
        print(f"first (uncached) request, {name}: {ms:.0f} ms")
    # latencies on a shared machine depend on its other work: say how busy it was (2 CPUs: 2.0 is full)
    load_after = os.getloadavg()[0]
    print(f"load average (1 min): {load_before:.1f} before, {load_after:.1f} after; {os.cpu_count()} CPUs")
    goal = [k for k in results if not k.startswith("baseline") and results[k][2] >= 100]
    print("goal p95 < 100 ms: " + ("met by every endpoint" if not goal else "NOT met by " + ", ".join(goal)))


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a server process and its worker processes: divided by
    the requests answered, a per-request cost that does not depend on how busy the machine is."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    family = {pid}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(proc.name) == pid or int(fields[1]) in family:  # fields[1]: the parent's pid
                family.add(int(proc.name))
                total += (int(fields[11]) + int(fields[12])) / tick
    return total


if __name__ == "__main__":
    main()
