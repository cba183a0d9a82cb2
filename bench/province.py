"""The provincial view at national scale: 500 agencies (100 of them in Jawa Barat, the rest in 33
other provinces), N requests served over 18 months, 3% of them complained of (60% of those
upheld, each with a compensation item, a third with a sanction), bulk-loaded (COPY on
PostgreSQL, executemany on SQLite; never the ORM). Then the rollups are built from scratch
(``core/province/rollups.rebuild``, what ``flask province rollup`` runs) and the pages are timed as a
signed-in user asks them (median of 5, after one warm-up).

Goals on the 2-core reference machine at 10,000,000 requests on PostgreSQL: the province page
under 300 ms, the national page under 1 s.

    python bench/province.py --pg                        # PostgreSQL, 10,000,000 requests
    python bench/province.py --pg --requests 300000      # smaller (make bench)
    python bench/province.py                             # SQLite, 1,000,000 requests
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# The repository first, and not this folder: bench/http.py would hide the standard library's http.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sqlalchemy import insert  # noqa: E402

from bench.harness import database, timed  # noqa: E402

TENANTS, IN_JAWA_BARAT = 500, 100
START = datetime(2023, 1, 2, 1, 0, tzinfo=timezone.utc)
SPAN_DAYS = 540  # about 18 months: January 2023 to June 2024
NOW = START + timedelta(days=SPAN_DAYS + 3)
PLUGINS = ("kota_bekasi_2023", "kab_bekasi_2023")  # a compensation decree, and the gap
PASSWORD = "bench-password"
REQUEST_COLUMNS = ("tenant_id", "id", "service_type_id", "reference", "applicant_name", "applicant_contact",
                   "received_at", "documents_complete_at", "completed_at", "due_at", "status", "created_at",
                   "updated_at", "version", "demo")
COMPLAINT_COLUMNS = ("tenant_id", "id", "tracking_code", "service_request_id", "channel", "component", "description",
                     "remedy_requested", "complainant_name", "complainant_contact", "anonymous", "confidential",
                     "occurred_at", "received_at", "status", "assessment", "maladministration", "version", "origin",
                     "updated_at", "complainant_address", "loss_description", "place", "request_reference",
                     "reopen_requested", "demo")
COMPENSATION_COLUMNS = ("tenant_id", "id", "complaint_id", "code", "citation", "due_at", "given_at", "evidence")
SANCTION_COLUMNS = ("tenant_id", "id", "complaint_id", "officer_name", "code", "staff_category", "legal_basis",
                    "decided_at", "decree_wording", "pp94_penalty")
COMPONENTS = ("jangka_waktu", "perilaku_pelaksana", "persyaratan", "prosedur", "biaya")
LABELS = ("penundaan_berlarut", "tidak_patut", "penyimpangan_prosedur", "penyimpangan_prosedur", "permintaan_imbalan")
CHUNK = 50_000


def _province(tenant: int) -> tuple[str, str]:
    if tenant <= IN_JAWA_BARAT:
        return "32", "Jawa Barat"
    number = (tenant - IN_JAWA_BARAT) % 33 + 1
    return f"P{number:02d}", f"Provinsi {number:02d}"


def _seed_agencies(engine) -> dict[int, uuid.UUID]:
    from core.models import ServiceType, Tenant, TenantDecree

    services = {t: uuid.uuid4() for t in range(1, TENANTS + 1)}
    with engine.begin() as conn:
        conn.execute(insert(Tenant.__table__), [
            {"id": t, "slug": f"dinas-{t:03d}", "name": f"Dinas {t:03d}", "level": "kota",
             "province_code": _province(t)[0], "province_name": _province(t)[1], "timezone": "Asia/Jakarta",
             "working_days": [0, 1, 2, 3, 4], "working_periods": [["07:30", "12:00"], ["13:00", "16:00"]],
             "letterhead": {}, "config_digest": "", "warning_share": 0.8, "created_at": NOW, "updated_at": NOW}
            for t in range(1, TENANTS + 1)])
        conn.execute(insert(TenantDecree.__table__), [
            {"tenant_id": t, "id": uuid.uuid4(), "plugin": PLUGINS[t % 2], "effective_from": date(2022, 1, 1),
             "effective_until": None, "settings": {}} for t in range(1, TENANTS + 1)])
        conn.execute(insert(ServiceType.__table__), [
            {"tenant_id": t, "id": services[t], "code": "layanan", "name": "Layanan", "unit": "", "components": {},
             "time_norm_text": "3 hari", "norm_min": 3.0, "norm_max": 3.0, "norm_unit": "hari", "norm_working": False,
             "norm_clock_starts": "diterima", "norm_working_hours": None, "source": "bench", "active": True,
             "created_at": NOW, "updated_at": NOW} for t in range(1, TENANTS + 1)])
    return services


def _request_id(n: int) -> uuid.UUID:
    """The n-th request's id: md5("r<n>"), which PostgreSQL's ``md5('r' || n)::uuid`` also gives."""
    return uuid.UUID(hashlib.md5(f"r{n}".encode()).hexdigest())


def _draws(total: int):
    """Agency by agency, each request as numbers (n, tenant, received, documents, completed, due
    in epoch seconds) and the cases some of them draw as rows. Each agency has its own
    punctuality, so the ranking spreads."""
    rng = random.Random(12)
    per_tenant, extra = divmod(total, TENANTS)
    start = START.timestamp()
    n = 0
    for tenant in range(1, TENANTS + 1):
        on_time = 0.55 + 0.45 * rng.random()
        officers = [f"Petugas {tenant}-{k}" for k in range(5)]
        for _ in range(per_tenant + (1 if tenant <= extra else 0)):
            received = start + rng.random() * SPAN_DAYS * 86400
            due = received + 3 * 86400
            completed = received + 3600 + rng.random() * 71 * 3600 if rng.random() < on_time \
                else due + 3600 + rng.random() * 119 * 3600
            documents = received + 300 + rng.random() * 35_700
            yield "request", (n, tenant, received, documents, completed, due)
            n += 1
            if rng.random() >= 0.03:
                continue
            complaint_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            occurred = datetime.fromtimestamp(completed, timezone.utc)
            at = occurred + timedelta(hours=rng.uniform(1, 48))
            upheld = rng.random() < 0.6
            kind = rng.randrange(len(COMPONENTS))
            yield "complaints", (tenant, complaint_id, f"T{n:09d}", _request_id(n - 1), "tertulis", COMPONENTS[kind],
                                 "", "", "Warga", "", False, False, occurred, at, "closed",
                                 "terbukti" if upheld else "tidak_terbukti", LABELS[kind] if upheld else None, 1,
                                 "citizen", at, "", "", "", "", False, False)
            if not upheld:
                continue
            given_due = at + timedelta(days=7)
            given = at + timedelta(hours=rng.uniform(2, 240))
            yield "compensations", (tenant, uuid.uuid4(), complaint_id, "maaf_tertulis", "bench", given_due, given,
                                    "bench")
            if rng.random() < 0.33:
                yield "sanctions", (tenant, uuid.uuid4(), complaint_id, rng.choice(officers), "teguran", "PNS",
                                    "bench", at + timedelta(days=2), "Teguran", True)


def _rows(total: int, services: dict[int, uuid.UUID]):
    """Every row as the tables take it (SQLite's executemany)."""
    for table, row in _draws(total):
        if table != "request":
            yield table, row
            continue
        n, tenant, received, documents, completed, due = row
        moments = [datetime.fromtimestamp(v, timezone.utc) for v in (received, documents, completed, due)]
        yield "service_requests", (tenant, _request_id(n), services[tenant], f"R{n:08d}", "Warga", "", moments[0],
                                   moments[1], moments[2], moments[3], "completed", moments[0], moments[2], 1, False)


COLUMNS = {"service_requests": REQUEST_COLUMNS, "complaints": COMPLAINT_COLUMNS, "compensations": COMPENSATION_COLUMNS,
           "sanctions": SANCTION_COLUMNS}
ORDER = ("service_requests", "complaints", "compensations", "sanctions")
STAGED_REQUESTS = f"""
INSERT INTO service_requests ({', '.join(REQUEST_COLUMNS)})
SELECT s.tenant, md5('r' || s.n)::uuid, t.id, 'R' || lpad(s.n::text, 8, '0'), 'Warga', '', to_timestamp(s.received),
       to_timestamp(s.documents), to_timestamp(s.completed), to_timestamp(s.due), 'completed', to_timestamp(s.received),
       to_timestamp(s.completed), 1, false
FROM bench_requests s JOIN service_types t ON t.tenant_id = s.tenant
"""


def _load_postgresql(engine, total: int, services) -> dict[str, int]:
    """The requests as numbers by COPY into an unlogged staging table, turned into rows by one
    INSERT … SELECT (timestamps and ids made by the server); the cases by COPY of their rows."""
    counts = dict.fromkeys(ORDER, 0)
    others: dict[str, list] = {table: [] for table in ORDER[1:]}
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            cursor.execute("CREATE UNLOGGED TABLE bench_requests (n bigint, tenant int, received float8, "
                           "documents float8, completed float8, due float8)")
            with cursor.copy("COPY bench_requests FROM STDIN") as copy:
                lines = []
                for table, row in _draws(total):
                    if table == "request":
                        lines.append("%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n" % row)
                        if len(lines) == CHUNK:
                            copy.write("".join(lines))
                            lines.clear()
                    else:
                        others[table].append(row)
                copy.write("".join(lines))
            cursor.execute(STAGED_REQUESTS)
            counts["service_requests"] = cursor.rowcount
            cursor.execute("DROP TABLE bench_requests")
            for table in ORDER[1:]:
                with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                    for row in others[table]:
                        copy.write_row(row)
                counts[table] = len(others[table])
        raw.commit()
        with raw.cursor() as cursor:
            cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    return counts


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def _load_sqlite(engine, total: int, services) -> dict[str, int]:
    raw = engine.raw_connection()
    counts = dict.fromkeys(ORDER, 0)
    batches: dict[str, list] = {table: [] for table in ORDER}
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA foreign_keys=OFF")  # rows come parent first but in separate batches

        def flush(table: str) -> None:
            columns = COLUMNS[table]
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                               batches[table])
            batches[table].clear()

        for table, row in _rows(total, services):
            batches[table].append(tuple(_sqlite_value(v) for v in row))
            counts[table] += 1
            if len(batches[table]) == CHUNK:
                flush(table)
        for table in ORDER:
            if batches[table]:
                flush(table)
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    return counts


def _signed_in(app, email: str):
    client = app.test_client()
    answer = client.post("/login", data={"email": email, "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code
    return client


def _page_time(client, url: str) -> tuple[float, int]:
    client.get(url)  # warm: statement compilation, templates
    times = []
    for _ in range(5):
        seconds, answer = timed(lambda: client.get(url))
        assert answer.status_code == 200, (url, answer.status_code)
        times.append(seconds)
    return statistics.median(times), len(answer.get_data())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=None, help="default: 10,000,000 (--pg), 1,000,000 (SQLite)")
    parser.add_argument("--pg", action="store_true", help="a throwaway PostgreSQL instead of SQLite")
    args = parser.parse_args()
    total = args.requests or (10_000_000 if args.pg else 1_000_000)

    from core import create_app
    from core.province import rollups
    from core.platform.db import Session
    from core.demo.logins import create_user
    from core.platform.migrate import upgrade

    with database(args.pg, "province") as url:
        backend = "PostgreSQL" if args.pg else "SQLite"
        upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        engine = app.extensions["engine"]
        services = _seed_agencies(engine)
        load = _load_postgresql if args.pg else _load_sqlite
        seconds, counts = timed(lambda: load(engine, total, services))
        print(f"{backend}: {counts['service_requests']:,} requests, {counts['complaints']:,} complaints, "
              f"{counts['compensations']:,} compensation items, {counts['sanctions']:,} sanctions over "
              f"{TENANTS} agencies loaded in {seconds:.1f} s")
        with app.app_context():
            seconds, written = timed(rollups.rebuild)
            print(f"rollups built from scratch: {written:,} rows in {seconds:.1f} s "
                  f"({counts['service_requests'] / seconds:,.0f} requests/s)")
            create_user("jabar@bench.id", "Jawa Barat", "admin_provinsi", PASSWORD, province="32")
            create_user("platform@bench.id", "Platform", "admin_platform", PASSWORD)
            Session.remove()
        province_client = _signed_in(app, "jabar@bench.id")
        platform_client = _signed_in(app, "platform@bench.id")
        cases = [
            ("province page (100 agencies), a month", province_client, "/provinsi/32?period=2024-05", 0.3),
            ("province page (100 agencies), a quarter", province_client, "/provinsi/32?period=2024-Q1", 0.3),
            ("province page (100 agencies), a year", province_client, "/provinsi/32?period=2023", 0.3),
            ("national page (34 provinces), a month", platform_client, "/provinsi?period=2024-05", 1.0),
            ("national page (34 provinces), a year", platform_client, "/provinsi?period=2023", 1.0),
            ("export: indicators, CSV, a year", province_client, "/provinsi/32/ekspor/indikator.csv?period=2023", None),
            ("export: indicators, XLSX, a year", province_client, "/provinsi/32/ekspor/indikator.xlsx?period=2023", None),
            ("export: provinces, XLSX, a year", platform_client, "/provinsi/ekspor/provinsi.xlsx?period=2023", None),
            ("API: province indicators, a year", None, None, None),
        ]
        for label, client, url, goal in cases[:-1]:
            seconds, size = _page_time(client, url)
            verdict = "" if goal is None else (" (goal < %.0f ms: %s)" % (goal * 1000, "met" if seconds < goal else "MISSED"))
            print(f"{label}: {seconds * 1000:.0f} ms, {size:,} bytes{verdict}")
        engine.dispose()


if __name__ == "__main__":
    main()
