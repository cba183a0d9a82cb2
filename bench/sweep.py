"""The breach sweep at scale: N open requests across 500 agencies, 5% of them past due.

Prints: the time to find the breaches (the sweep's own statements, one per group of 50 agencies,
rows fetched); the same condition as a bare indexed ``SELECT COUNT(*)`` and the ratio; the time
to open every case with its decree decision (the sweep itself: batches, one transaction each,
decisions, audit trail); peak memory (RSS). Goals on the 2-core reference machine: find within
2x the bare count and under 0.2 s; 50,000 cases with decisions under 20 s; peak RSS under 300 MB.

    python bench/sweep.py                      # SQLite, 1,000,000 requests
    python bench/sweep.py --requests 100000    # smaller
    python bench/sweep.py --pg                 # a throwaway PostgreSQL (tests/pgserver.py)
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from bench.harness import database, timed  # noqa: E402

TENANTS = 500
LATE_SHARE = 0.05
PLUGINS = ("kota_bekasi_2023", "kab_belitung_2023")
NOW = datetime(2024, 6, 14, 10, 0, tzinfo=timezone.utc)
COLUMNS = ("tenant_id", "id", "service_type_id", "reference", "applicant_name", "applicant_contact",
           "received_at", "documents_complete_at", "due_at", "status", "created_at", "updated_at", "version")
CHUNK = 50_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _seed_agencies(engine) -> dict[int, uuid.UUID]:
    """500 agencies, each bound to a compensation decree, each with one service of 1 hari kerja."""
    from core.models import ServiceType, Tenant, TenantDecree

    services = {}
    with engine.begin() as conn:
        conn.execute(insert(Tenant.__table__), [
            {"id": t, "slug": f"dinas-{t:03d}", "name": f"Dinas {t}", "level": "kota", "province_code": "32",
             "province_name": "Jawa Barat", "timezone": "Asia/Jakarta", "working_days": [0, 1, 2, 3, 4],
             "working_periods": [["07:30", "12:00"], ["13:00", "16:00"]], "letterhead": {}, "config_digest": "",
             "warning_share": 0.8, "created_at": NOW, "updated_at": NOW}
            for t in range(1, TENANTS + 1)])
        conn.execute(insert(TenantDecree.__table__), [
            {"tenant_id": t, "id": uuid.uuid4(), "plugin": PLUGINS[t % len(PLUGINS)], "effective_from": date(2023, 11, 6),
             "effective_until": None, "settings": {}} for t in range(1, TENANTS + 1)])
        for t in range(1, TENANTS + 1):
            services[t] = uuid.uuid4()
        conn.execute(insert(ServiceType.__table__), [
            {"tenant_id": t, "id": services[t], "code": "layanan", "name": "Layanan", "unit": "", "components": {},
             "time_norm_text": "1 hari kerja", "norm_min": 1.0, "norm_max": 1.0, "norm_unit": "hari", "norm_working": True,
             "norm_clock_starts": "diterima", "norm_working_hours": None, "source": "bench", "active": True,
             "created_at": NOW, "updated_at": NOW} for t in range(1, TENANTS + 1)])
    return services


def _requests(total: int, services: dict[int, uuid.UUID]):
    """Requests agency by agency (as a day's intake arrives, and so the keys load in order); one in
    twenty past due (late by up to 8 days, so every lateness band of Kota Bekasi comes out), the
    rest due in the coming weeks."""
    rng = random.Random(10)
    late_every = round(1 / LATE_SHARE)
    per_tenant, extra = divmod(total, TENANTS)
    n = 0
    for tenant in range(1, TENANTS + 1):
        for _ in range(per_tenant + (1 if tenant <= extra else 0)):
            if n % late_every == 0:
                due = NOW - timedelta(hours=rng.uniform(1, 24 * 8))
            else:
                due = NOW + timedelta(hours=rng.uniform(1, 24 * 30))
            received = due - timedelta(days=1)
            yield (tenant, uuid.UUID(int=rng.getrandbits(128), version=4), services[tenant], f"R{n:08d}", "Warga", "",
                   received, received if n % 2 else None, due, "in_progress" if n % 2 else "received", NOW, NOW, 1)
            n += 1


def _load_sqlite(engine, total: int, services) -> None:
    def text(moment):
        return None if moment is None else moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-65536")
        statement = f"INSERT INTO service_requests ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        batch = []
        for row in _requests(total, services):
            t, rid, sid, ref, name, contact, received, complete, due, status, created, updated, version = row
            batch.append((t, rid.hex, sid.hex, ref, name, contact, text(received), text(complete), text(due), status,
                          text(created), text(updated), version))
            if len(batch) == CHUNK:
                cursor.executemany(statement, batch)
                batch.clear()
        if batch:
            cursor.executemany(statement, batch)
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _load_postgresql(engine, total: int, services) -> None:
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY service_requests ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in _requests(total, services):
                    copy.write_row(row)
        raw.commit()
        # What autovacuum does to a freshly loaded table soon after (PostgreSQL 13+ vacuums on
        # inserts too): statistics, and the visibility map that lets an index-only scan skip the heap.
        raw.driver_connection.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE service_requests")
        raw.driver_connection.autocommit = False
    finally:
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--pg", action="store_true", help="a throwaway PostgreSQL instead of SQLite")
    args = parser.parse_args()

    from core import create_app
    from core.casework import sweeps
    from core.jobs import scheduler
    from core.platform.db import Session
    from core.platform.migrate import upgrade
    from core.models.scope import tenant_scope

    with database(args.pg, "sweep") as url:
        backend = "PostgreSQL" if args.pg else "SQLite"
        upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        engine = app.extensions["engine"]
        services = _seed_agencies(engine)
        load = _load_postgresql if args.pg else _load_sqlite
        seconds, _ = timed(lambda: load(engine, args.requests, services))
        print(f"{backend}: {args.requests:,} open requests over {TENANTS} agencies loaded in {seconds:.1f} s")

        groups = [list(range(start, min(start + sweeps.TENANTS_PER_STATEMENT, TENANTS + 1)))
                  for start in range(1, TENANTS + 1, sweeps.TENANTS_PER_STATEMENT)]
        with app.app_context():
            def find() -> int:
                found = 0
                for ids in groups:
                    with tenant_scope(ids):
                        found += len(sweeps.find_late_requests(ids, NOW, limit=None))
                return found

            def count() -> int:
                total = 0
                for ids in groups:
                    with tenant_scope(ids):
                        total += Session.connection().execute(sweeps.count_late_requests(ids, NOW)).scalar()
                return total

            scheduler.settle_heap()  # as `flask scheduler run` does once started: the loader's heap is not the scheduler's
            find()  # warm the caches and the statement compilation, as a running scheduler has them
            count()
            find_seconds, found = min((timed(find) for _ in range(3)), key=lambda pair: pair[0])
            count_seconds, counted = min((timed(count) for _ in range(3)), key=lambda pair: pair[0])
            assert found == counted, (found, counted)
            print(f"find the breaches: {found:,} in {find_seconds * 1000:.0f} ms "
                  f"({len(groups)} statements, keys fetched)")
            print(f"bare SELECT COUNT(*), same condition: {counted:,} in {count_seconds * 1000:.0f} ms; "
                  f"ratio {find_seconds / count_seconds:.2f}x")
            open_seconds, report = timed(lambda: sweeps.sweep_breaches(app.extensions["decrees"], NOW))
            print(f"open the cases with their decisions: {report.opened:,} in {open_seconds:.1f} s "
                  f"({report.opened / open_seconds:,.0f}/s, {report.batches} batches)")
            assert report.opened == found and not report.failed, report.lines()
            Session.remove()
        engine.dispose()
        print(f"peak RSS: {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
