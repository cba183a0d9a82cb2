"""Benchmarks: print figures, assert nothing. Run with `make bench` (2-core machine reference).

1. decisions per second, per installed decree (pure plugin evaluation);
2. the preview API end to end (token, tenant scope, schema, decree) on SQLite: p50/p95;
3. a tenant-scoped complaint listing with 20,000 complaints over 4 tenants on SQLite.
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


def bench_api_and_listing() -> None:
    from core import create_app
    from core.db import Session
    from core.migrate import upgrade
    from core.models import Complaint, Tenant
    from core.security import hash_password, issue_token
    from core.models import User
    from core.scope import all_tenants, tenant_scope

    folder = tempfile.mkdtemp(prefix="kompensasi-bench-")
    url = f"sqlite:///{folder}/bench.sqlite3"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    runner = app.test_cli_runner()
    runner.invoke(args=["tenants", "sync"])
    with app.app_context():
        tenant = Session.scalar(select(Tenant).where(Tenant.slug == "kota-bekasi"))
        user = User(email="bench@x.id", name="bench", role="petugas", tenant_id=tenant.id, password_hash=hash_password("x"))
        Session.add(user)
        Session.flush()
        token = issue_token(Session, user)
        Session.commit()
        tenants = Session.scalars(select(Tenant)).all()
        import uuid
        from datetime import datetime, timezone

        with all_tenants():
            rows = [
                {"tenant_id": t.id, "id": uuid.uuid4(), "tracking_code": f"T{i:09d}", "channel": "lisan",
                 "component": "biaya", "description": "bench", "occurred_at": datetime.now(timezone.utc),
                 "received_at": datetime.now(timezone.utc), "status": "received", "version": 1,
                 "updated_at": datetime.now(timezone.utc)}
                for t in tenants for i in range(5000)
            ]
            Session.execute(insert(Complaint), rows)
            Session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    for i in range(300):
        started = time.perf_counter()
        response = client.post("/api/v1/tenants/kota-bekasi/decisions/preview", headers=headers, json=FACTS[i % 3])
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_json()
    timings.sort()
    print(f"preview API  p50 {statistics.median(timings):.2f} ms  p95 {timings[int(len(timings) * 0.95)]:.2f} ms  (300 requests, SQLite)")
    timings = []
    for _ in range(100):
        started = time.perf_counter()
        response = client.get("/api/v1/tenants/kota-bekasi/complaints?page_size=100", headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
    assert len(response.get_json()) == 100
    timings.sort()
    print(f"list 100 of 5,000 complaints (20,000 in 4 tenants)  p50 {statistics.median(timings):.2f} ms  p95 {timings[94]:.2f} ms")
    with app.app_context(), tenant_scope(tenants[0].id):
        started = time.perf_counter()
        count = len(Session.scalars(select(Complaint.id)).all())
        print(f"scoped scan of one tenant's complaints: {count} rows in {(time.perf_counter() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    bench_decisions()
    bench_api_and_listing()
