"""Benchmarks: print figures, assert nothing. Run with `make bench` (2-core machine reference).

1. decisions per second, per installed decree (pure plugin evaluation);
2. the preview API end to end (token, tenant scope, schema, decree) on SQLite: p50/p95;
3. a tenant-scoped complaint listing with 20,000 complaints over 4 tenants on SQLite;
4. the same two on PostgreSQL as the tables' owner and as the application's role: the cost of
   row-level security per request.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

FACTS = [
    {"component": "jangka_waktu", "channel": "tertulis", "lateness_days": 3.0, "occurred_at": "2024-06-05T10:00:00+07:00"},
    {"component": "perilaku_pelaksana", "conduct": "tidak_sopan", "channel": "tertulis", "occurred_at": "2024-06-05T10:00:00+07:00"},
    {"component": "biaya", "channel": "lisan", "occurred_at": "2024-06-05T10:00:00+07:00"},
]


def bench_decisions() -> None:
    from core.decrees.contract import EvaluationContext, FactsError
    from core.decrees.facts import load_facts
    from core.decrees.registry import DecreeRegistry
    from core.timekeeping.calendar import WorkingCalendar

    registry = DecreeRegistry()
    context = EvaluationContext(calendar=WorkingCalendar())
    facts = [load_facts(f) for f in FACTS]
    for plugin in registry.names():
        rounds, started = 0, time.perf_counter()
        while time.perf_counter() - started < 1.0:
            for f in facts:
                try:
                    registry.evaluate(plugin, f, context)
                except FactsError:
                    pass
                rounds += 1
        elapsed = time.perf_counter() - started
        print(f"decisions/s  {plugin:<20} {rounds / elapsed:>10,.0f}")


def seed(url: str):
    """A migrated database with the repository's agencies, a petugas token, and 5,000 complaints
    in each of the 4 agencies."""
    import uuid
    from datetime import datetime, timezone

    from core import create_app
    from core.platform.db import Session
    from core.platform.migrate import upgrade
    from core.models import Complaint, Tenant, User
    from core.models.scope import all_tenants
    from core.access.security import hash_password, issue_token

    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    app.test_cli_runner().invoke(args=["tenants", "sync"])
    with app.app_context():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == "kota-bekasi"))
        user = User(email="bench@x.id", name="bench", role="petugas", tenant_id=tenant.id, password_hash=hash_password("x"))
        Session.add(user)
        Session.flush()
        token = issue_token(Session, user)
        Session.commit()
        tenants = [t.id for t in Session.scalars(select(Tenant))]
        now = datetime.now(timezone.utc)
        with all_tenants("bench seeding"):
            Session.execute(insert(Complaint), [
                {"tenant_id": t, "id": uuid.uuid4(), "tracking_code": f"T{i:09d}", "channel": "lisan",
                 "component": "biaya", "description": "bench", "occurred_at": now, "received_at": now,
                 "status": "received", "version": 1, "updated_at": now}
                for t in tenants for i in range(5000)
            ])
            Session.commit()
    return app, token, tenants


def measure(app, token: str, label: str) -> tuple[float, float]:
    """p50 of the preview and of a 100-row listing, printed with their p95."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    results = []
    for name, count, call in (
        ("preview API", 300, lambda i: client.post("/api/v1/tenants/kota-bekasi/decisions/preview", headers=headers,
                                                   json=FACTS[i % 3])),
        ("list 100 of 5,000 complaints (20,000 in 4 tenants)", 100,
         lambda i: client.get("/api/v1/tenants/kota-bekasi/complaints?page_size=100", headers=headers)),
    ):
        timings = []
        for i in range(count):
            started = time.perf_counter()
            response = call(i)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.get_json()
        timings.sort()
        p50 = statistics.median(timings)
        print(f"{name:<52} p50 {p50:6.2f} ms  p95 {timings[int(len(timings) * 0.95)]:6.2f} ms  ({label})")
        results.append(p50)
    return results[0], results[1]


def bench_api_and_listing() -> None:
    from core.platform.db import Session
    from core.models import Complaint
    from core.models.scope import tenant_scope

    folder = tempfile.mkdtemp(prefix="kompensasi-bench-")
    app, token, tenants = seed(f"sqlite:///{folder}/bench.sqlite3")
    measure(app, token, "SQLite")
    with app.app_context(), tenant_scope(tenants[0]):
        started = time.perf_counter()
        count = len(Session.scalars(select(Complaint.id)).all())
        print(f"scoped scan of one tenant's complaints: {count} rows in {(time.perf_counter() - started) * 1000:.1f} ms")


def bench_row_level_security() -> None:
    """The same requests on PostgreSQL as the tables' owner (policies not applied) and as the
    application's role (row-level security applied): the difference is what RLS costs."""
    from sqlalchemy.engine import make_url

    from core import create_app
    from tests.pgserver import postgres_server

    try:
        server = postgres_server()
        owner_url = server.__enter__()
    except Exception as exc:  # no PostgreSQL binaries on this machine
        print(f"row-level security: skipped ({exc})")
        return
    try:
        app, token, _ = seed(owner_url)
        assert app.test_cli_runner().invoke(args=["db", "app-role", "kompensasi_app", "--password", "bench"]).exit_code == 0
        owner = measure(app, token, "PostgreSQL, owner: RLS not applied")
        role_url = make_url(owner_url).set(username="kompensasi_app", password="bench").render_as_string(hide_password=False)
        bound = create_app({"DATABASE_URL": role_url, "SECRET_KEY": "bench"})
        applied = measure(bound, token, "PostgreSQL, app role: RLS applied")
        print(f"row-level security per request: preview {applied[0] - owner[0]:+.2f} ms, listing {applied[1] - owner[1]:+.2f} ms (p50)")
        for engine_app in (app, bound):
            engine_app.extensions["engine"].dispose()
    finally:
        server.__exit__(None, None, None)


if __name__ == "__main__":
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    bench_decisions()
    bench_api_and_listing()
    bench_row_level_security()
