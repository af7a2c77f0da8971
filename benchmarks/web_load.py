"""Web latency and throughput: Today and Pipeline with 10,000 applications, over loopback.

Starts the real server (uvicorn, one process) on a copy of the benchmark database, then:
- latency: sequential requests on one keep-alive connection with a session cookie, as a
  browser tab makes them (p50/p95/p99), and "cold" ones with no cookie, so every request
  renders from the database (the page cache cannot help);
- throughput: `wrk` when it is installed (Debian's package), else a bounded Python load
  generator (threads, keep-alive), for a fixed number of requests.

    python -m benchmarks.web_load [--database PATH] [--quick]

Prints JSON. `run(database=..., home=..., quick=...)` is what `python -m benchmarks` calls.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PAGES = ("/", "/pipeline")
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(database: Path, home: Path, port: int) -> None:
    """Run the server in this process (the subprocess side of `run`)."""
    import uvicorn

    from followup.bootstrap import build
    from followup.settings import Settings
    from followup.web import create_app

    settings = Settings.from_env({"FOLLOWUP_HOME": str(home), "FOLLOWUP_DATABASE": str(database)})
    app = build(settings)
    uvicorn.run(
        create_app(app, port=port),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _get(conn: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, str]:
    headers = {"Host": f"127.0.0.1:{conn.port}", "Accept": "text/html"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    set_cookie = response.getheader("set-cookie") or ""
    return response.status, set_cookie.split(";", 1)[0]


def _wait(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, _ = _get(conn, "/static/favicon.svg", "")
            conn.close()
            if status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start in time")


def latency(port: int, path: str, count: int, *, cold: bool = False) -> dict[str, float]:
    """Sequential GETs; `cold` sends no cookie, so each is a new session and a fresh render."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookie = ""
    if not cold:
        for _ in range(5):  # warm up, and get the session
            _, got = _get(conn, path, cookie)
            cookie = got or cookie
    times = []
    for _ in range(count):
        start = time.perf_counter()
        status, got = _get(conn, path, "" if cold else cookie)
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
    conn.close()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(_percentile(times, 95), 2),
        "p99_ms": round(_percentile(times, 99), 2),
        "requests": count,
    }


def throughput_python(port: int, path: str, total: int, threads: int = 4) -> dict[str, Any]:
    """`total` GETs over `threads` keep-alive connections; requests per second."""
    per = total // threads
    errors: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        _, cookie = _get(conn, path, "")
        for _ in range(per):
            status, _ = _get(conn, path, cookie)
            if status != 200:
                errors.append(str(status))
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    start = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - start
    return {
        "tool": "python",
        "req_per_s": round(per * threads / elapsed, 1),
        "requests": per * threads,
        "connections": threads,
        "errors": len(errors),
    }


_WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f,'
    .. ' "p99_ms": %.3f, "errors": %d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""


def throughput_wrk(port: int, path: str, seconds: int, connections: int = 8) -> dict[str, Any]:
    """wrk for `seconds` (bounded) with a session cookie, as one browser's tabs would."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    _, cookie = _get(conn, path, "")
    conn.close()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_LUA)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                "-H",
                f"Cookie: {cookie}",
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        Path(script.name).unlink(missing_ok=True)
    data = json.loads(out.strip().splitlines()[-1])
    return {
        "tool": "wrk",
        "req_per_s": round(data["requests"] / data["seconds"], 1),
        "requests": data["requests"],
        "connections": connections,
        "errors": data["errors"],
        "p95_ms_under_load": round(data["p95_ms"], 2),
    }


def _database(database: Path | None, quick: bool) -> Path:
    if database is not None:
        return database
    from datetime import UTC, datetime

    from benchmarks import generate

    size = generate.SIZES["quick-base" if quick else "base"]
    now = generate.anchor_for(datetime.now(UTC).date())
    manifest = generate.cached(ROOT / "benchmarks" / "out" / "data", size, 1, now)
    return Path(manifest.path)


def run(
    database: Path | None = None, home: Path | None = None, quick: bool = False
) -> dict[str, Any]:
    """Measure both pages; the headline figures are the worse page's latency and Today's
    throughput (the budget: p95 <= 50 ms, >= 300 req/s)."""
    source = _database(database, quick)
    with tempfile.TemporaryDirectory(prefix="followup-web-load-") as tmp:
        work = Path(tmp)
        copy = work / "followup.db"
        shutil.copyfile(source, copy)  # the server may write meta rows; never the original
        copy.chmod(0o600)
        port = _free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT)}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.web_load",
                "--serve",
                "--database",
                str(copy),
                "--home",
                str(home or work / "home"),
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait(port, process)
            pages: dict[str, Any] = {}
            for path in PAGES:
                result = latency(port, path, 60 if quick else 300)
                cold = latency(port, path, 20 if quick else 100, cold=True)
                result.update({f"cold_{k}": v for k, v in cold.items() if k.endswith("_ms")})
                if shutil.which("wrk"):
                    result["load"] = throughput_wrk(port, path, 2 if quick else 5)
                else:
                    result["load"] = throughput_python(port, path, 400 if quick else 3000)
                result["req_per_s"] = result["load"]["req_per_s"]
                pages[path] = result
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    worst = max(pages.values(), key=lambda p: p["p95_ms"])
    return {
        "p50_ms": worst["p50_ms"],
        "p95_ms": worst["p95_ms"],
        "p99_ms": worst["p99_ms"],
        "req_per_s": pages["/"]["req_per_s"],
        "pages": pages,
        "database": str(source),
        "quick": quick,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web_load", description=__doc__)
    parser.add_argument("--database", type=Path, help="A followup database (default: generated)")
    parser.add_argument("--home", type=Path, help="The data folder for the server")
    parser.add_argument("--quick", action="store_true", help="Small data, few requests")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.database, args.home, args.port)
        return 0
    print(json.dumps(run(args.database, args.home, args.quick), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
