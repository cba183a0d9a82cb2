"""The request path under load: the app beside a bare reference app, both under gunicorn, driven by wrk.

    python bench/request_path.py            # SQLite (WAL) in a temp directory
    python bench/request_path.py --pg       # a throwaway PostgreSQL 15; the app connects as its own role (RLS on)

Both apps run under ``gunicorn -w 4`` on loopback at the same time and are measured one after the
other with ``wrk -t2 -c16``: each endpoint of the app right after its reference endpoint of the bare
app (``bench/bare_app.py``), so that the ratio compares like with like on this machine, now. Prints
req/s, p50, p99 and non-2xx for each, and the ratios against the goals:

- complaint intake ≥ 50% of a bare one-row INSERT, p99 ≤ 3× p50;
- an authenticated read (``/me``, one complaint by id) ≥ 60% of a bare ping;
- a 100-row listing of a tenant with 100,000 rows ≥ 1/3 of the bare indexed SELECT … LIMIT 100
  (i.e. within 3× its time).

Assert nothing: a benchmark prints. ``wrk`` is Debian's package (``apt-get install wrk``).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's ``http`` package: its folder must not shadow it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

TENANT = "kota-bekasi"
ROWS = 100_000
COMPLAINT = {"channel": "tertulis", "component": "jangka_waktu", "description": "Izin belum terbit",
             "occurred_at": "2024-06-05T10:00:00+07:00", "complainant_name": "Warga"}
PREVIEW = {"component": "jangka_waktu", "channel": "tertulis", "lateness_days": 3.0,
           "occurred_at": "2024-06-05T10:00:00+07:00"}


@dataclass
class Result:
    rps: float
    p50: float
    p99: float
    non_2xx: int
    errors: int

    def line(self, label: str) -> str:
        return (f"  {label:<44} {self.rps:>9,.0f} req/s  p50 {self.p50:7.2f} ms  p99 {self.p99:7.2f} ms"
                f"  non-2xx {self.non_2xx}{f'  socket errors {self.errors}' if self.errors else ''}")


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, seconds: float, connections: int, script: Path | None = None, token: str | None = None) -> Result:
    argv = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "--timeout", "10s"]
    if script:
        argv += ["-s", str(script)]
    if token:
        argv += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(argv + [url], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"wrk measured nothing at {url}:\n{out}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return Result(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=_ms(latency["50"]), p99=_ms(latency["99"]),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def post_script(folder: Path, name: str, body: dict, token: str | None = None) -> Path:
    path = folder / f"{name}.lua"
    headers = 'wrk.headers["Content-Type"] = "application/json"\n'
    if token:
        headers += f'wrk.headers["Authorization"] = "Bearer {token}"\n'
    path.write_text(f'wrk.method = "POST"\nwrk.body = {json.dumps(json.dumps(body))}\n{headers}')
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    with contextlib.suppress(OSError):
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status == 200
    return False


@contextlib.contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int, ready_path: str):
    """Serve ``app`` under gunicorn; yields its base URL once every worker has booted (each loads
    the app itself: the port opens before they are ready)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        base = f"http://127.0.0.1:{port}"
        answered = 0
        while answered < workers * 2:  # several answers in a row: the workers are up
            if _answers(base + ready_path):
                answered += 1
                continue
            answered = 0
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{app} did not start")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def seed(url: str, rows: int) -> tuple[str, str, int]:
    """Migrated, agencies synced, a petugas token, ``rows`` complaints and ``rows`` service requests
    in one agency; returns the token, one complaint's id and the agency's id."""
    from sqlalchemy import insert, select, text

    from core import create_app
    from core.platform.db import Session
    from core.platform.migrate import upgrade
    from core.models import Complaint, ServiceRequest, ServiceType, Tenant, User
    from core.models.scope import tenant_scope
    from core.access.security import hash_password, issue_token

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    result = app.test_cli_runner().invoke(args=["tenants", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == TENANT))
        user = User(email="bench@x.id", name="bench", role="petugas", tenant_id=tenant.id, password_hash=hash_password("x"))
        Session.add(user)
        Session.flush()
        token = issue_token(Session, user)
        Session.commit()
        start = datetime(2020, 1, 1, tzinfo=timezone.utc)
        with tenant_scope(tenant.id):
            service_type = Session.scalars(select(ServiceType)).first()
            for offset in range(0, rows, 20_000):
                batch = range(offset, min(rows, offset + 20_000))
                Session.execute(insert(Complaint), [
                    {"tenant_id": tenant.id, "id": uuid.uuid4(), "tracking_code": f"B{i:09d}", "channel": "lisan",
                     "component": "biaya", "description": "bench", "occurred_at": start + timedelta(minutes=i),
                     "received_at": start + timedelta(minutes=i), "status": "received", "version": 1,
                     "updated_at": start} for i in batch])
                Session.execute(insert(ServiceRequest), [
                    {"tenant_id": tenant.id, "id": uuid.uuid4(), "service_type_id": service_type.id,
                     "reference": f"R{i:09d}", "applicant_name": "Warga", "received_at": start + timedelta(minutes=i),
                     "due_at": start + timedelta(minutes=i, days=3), "status": "received", "version": 1,
                     "created_at": start, "updated_at": start} for i in batch])
                Session.commit()
            complaint_id = str(Session.scalars(select(Complaint.id).limit(1)).one())
        with app.extensions["engine"].begin() as connection:
            connection.execute(text("CREATE TABLE bench_bare (id VARCHAR(36) PRIMARY KEY, tenant_id INTEGER, "
                                    "body TEXT, created_at VARCHAR(40))"))
            connection.execute(text("ANALYZE"))
        tenant_id = tenant.id
    app.extensions["engine"].dispose()
    return token, complaint_id, tenant_id


def run(url: str, app_url: str, label: str, args) -> None:
    folder = Path(tempfile.mkdtemp(prefix="kompensasi-http-"))
    started = time.perf_counter()
    token, complaint_id, tenant_id = seed(url, args.rows)
    print(f"\n{label}: seeded {args.rows:,} complaints and {args.rows:,} service requests in {TENANT} "
          f"({time.perf_counter() - started:.0f} s); gunicorn -w {args.workers}, wrk -t2 -c{args.connections}, "
          f"{args.duration} s per endpoint")
    base = f"/api/v1/tenants/{TENANT}"
    app_env = {"DATABASE_URL": app_url, "KOMPENSASI_SECRET_KEY": "bench", "KOMPENSASI_ENV": "development"}
    bare_env = {"BARE_DATABASE_URL": url, "BARE_TENANT_ID": str(tenant_id)}
    intake = post_script(folder, "intake", COMPLAINT, token)
    bare_insert = post_script(folder, "insert", COMPLAINT)
    preview = post_script(folder, "preview", PREVIEW, token)
    # (what, app path, app script, reference path, reference script, goal: app req/s over reference req/s)
    cases = [
        ("complaint intake", f"{base}/complaints", intake, "/insert", bare_insert, 0.5),
        ("GET /api/v1/me", "/api/v1/me", None, "/ping", None, 0.6),
        ("GET one complaint by id", f"{base}/complaints/{complaint_id}", None, "/ping", None, 0.6),
        (f"list 100 of {args.rows:,} complaints", f"{base}/complaints?page_size=100", None, "/select/complaints", None, 1 / 3),
        (f"list 100 of {args.rows:,} service requests", f"{base}/service-requests?page_size=100", None,
         "/select/service_requests", None, 1 / 3),
        ("decision preview", f"{base}/decisions/preview", preview, "/ping", None, None),
        ("GET /api/v1/openapi.json", "/api/v1/openapi.json", None, "/ping", None, None),
    ]
    summary = []
    with gunicorn("wsgi:app", app_env, args.workers, "/api/v1/openapi.json") as app_base, \
            gunicorn("bench.bare_app:app", bare_env, args.workers, "/ping") as bare_base:
        for what, path, script, ref_path, ref_script, goal in cases:
            for base_url, p, s in ((bare_base, ref_path, ref_script), (app_base, path, script)):
                wrk(base_url + p, 2, args.connections, s, token)  # warm every worker
            reference = wrk(bare_base + ref_path, args.duration, args.connections, ref_script, token)
            measured = wrk(app_base + path, args.duration, args.connections, script, token)
            ratio = measured.rps / reference.rps if reference.rps else 0.0
            print(f"{what}")
            print(reference.line(f"bare {ref_path}"))
            print(measured.line("kompensasi"))
            verdict = "" if goal is None else f"  goal ≥ {goal:.0%}: {'met' if ratio >= goal else 'NOT met'}"
            print(f"  ratio {ratio:.0%}{verdict}")
            if what == "complaint intake" and measured.p50:
                tail = measured.p99 / measured.p50
                print(f"  p99/p50 {tail:.1f} (goal ≤ 3.0: {'met' if tail <= 3 else 'NOT met'})")
            summary.append((what, ratio, goal))
    print(f"\n{label} summary: " + "; ".join(f"{w} {r:.0%}" + (f" (goal {g:.0%})" if g else "") for w, r, g in summary))
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", action="store_true", help="a throwaway PostgreSQL instead of SQLite")
    parser.add_argument("--rows", type=int, default=ROWS, help="complaints and service requests in the listed agency")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/request_path.py needs wrk, the HTTP load generator: apt-get install wrk (Debian package 'wrk')")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if not args.pg:
        folder = tempfile.mkdtemp(prefix="kompensasi-http-db-")
        url = f"sqlite:///{folder}/bench.sqlite3"
        run(url, url, "SQLite (WAL)", args)
        shutil.rmtree(folder, ignore_errors=True)
        return
    from sqlalchemy.engine import make_url

    from tests.pgserver import postgres_server

    with postgres_server() as owner_url:
        from core import create_app

        app = create_app({"DATABASE_URL": owner_url, "SECRET_KEY": "bench"})
        from core.platform.migrate import upgrade

        upgrade(owner_url)
        result = app.test_cli_runner().invoke(args=["db", "app-role", "kompensasi_app", "--password", "bench"])
        assert result.exit_code == 0, result.output
        app.extensions["engine"].dispose()
        role_url = make_url(owner_url).set(username="kompensasi_app", password="bench").render_as_string(hide_password=False)
        run(owner_url, role_url, "PostgreSQL 15 (the app as its own role, row-level security on)", args)


if __name__ == "__main__":
    main()
