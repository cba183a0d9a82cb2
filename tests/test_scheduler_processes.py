"""Real processes against one database: two ``flask scheduler run`` over one late request open one
case, each tick run by one of them; a sweep killed with SIGKILL halfway leaves whole cases only,
and the next run finishes the work without a duplicate."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from core.platform.db import Session
from core.models import CaseDecision, Complaint, ServiceRequest, ServiceType
from core.models.scope import all_tenants, tenant_scope
from tests.conftest import ROOT
from tests.test_scheduler import agency, wib  # noqa: F401  (the fixture)

TICK = re.compile(r"breach-sweep tick (\S+): (.*)")


def _env(database_url: str, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPENSASI_")}
    env.update({"FLASK_APP": "wsgi:app", "KOMPENSASI_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", **settings})
    return env


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", *args]


def _counts(app) -> tuple[int, int, int]:
    """System cases, their decisions, and distinct requests among them."""
    with app.app_context(), all_tenants("test: counting every tenant's cases"):
        cases = Session.scalar(select(func.count()).select_from(Complaint).where(Complaint.origin == "system"))
        decisions = Session.scalar(select(func.count()).select_from(CaseDecision).join(
            Complaint, (Complaint.tenant_id == CaseDecision.tenant_id) & (Complaint.id == CaseDecision.complaint_id))
            .where(Complaint.origin == "system"))
        requests = Session.scalar(select(func.count(func.distinct(Complaint.service_request_id)))
                                  .where(Complaint.origin == "system"))
        Session.remove()
    return cases, decisions, requests


def test_two_scheduler_processes_open_one_case_and_run_each_tick_once(app, agency, database_url, tmp_path):
    tenant = agency("kota-bekasi", "kota_bekasi_2023")
    tenant.request("TERLAMBAT", wib(2024, 3, 4, 8, 0))
    env = _env(database_url, KOMPENSASI_SCHEDULER_CRON=json.dumps({"breach-sweep": {"second": "*/2"}}))
    logs = [open(tmp_path / f"scheduler-{n}.log", "w+") for n in (1, 2)]
    processes = [subprocess.Popen(_flask("scheduler", "run"), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
                 for log in logs]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.5)
            ticks = [TICK.findall(Path(log.name).read_text()) for log in logs]
            if all(len(found) >= 3 for found in ticks):
                break
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    outputs = [Path(log.name).read_text() for log in logs]
    for log in logs:
        log.close()
    ticks = [TICK.findall(output) for output in outputs]
    assert all(len(found) >= 3 for found in ticks), outputs  # both processes were ticking
    ran = Counter(tick for found in ticks for tick, line in found if "case(s) opened" in line)
    assert ran and max(ran.values()) == 1, outputs  # a tick run by one process only
    assert any("another process has it" in line for found in ticks for _tick, line in found), outputs
    assert sum("1 case(s) opened" in line for found in ticks for _tick, line in found) == 1, outputs
    assert _counts(app) == (1, 1, 1)


def test_a_sweep_killed_halfway_leaves_no_half_case_and_the_rerun_no_duplicate(app, make_tenant, database_url):
    tenant = make_tenant("kota-bekasi", plugin="kota_bekasi_2023")
    total = 1500
    with app.app_context(), tenant_scope(tenant.id):
        service = ServiceType(tenant_id=tenant.id, code="layanan", name="Layanan", time_norm_text="1 hari kerja",
                              norm_min=1, norm_max=1, norm_unit="hari", norm_working=True, norm_clock_starts="diterima")
        Session.add(service)
        Session.flush()
        received = wib(2024, 3, 4, 8, 0)
        Session.add_all(ServiceRequest(tenant_id=tenant.id, service_type_id=service.id, reference=f"R{n:05d}",
                                       applicant_name="Warga", received_at=received, status="received",
                                       due_at=received + timedelta(days=1)) for n in range(total))
        Session.commit()
    env = _env(database_url, KOMPENSASI_SCHEDULER_BATCH_SIZE="10", KOMPENSASI_SCHEDULER_LEASE_SECONDS="1")
    sweeping = subprocess.Popen(_flask("scheduler", "run-once", "breach-sweep"), cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _counts(app)[0] == 0 and time.monotonic() < deadline and sweeping.poll() is None:
        time.sleep(0.02)
    os.kill(sweeping.pid, signal.SIGKILL)
    sweeping.wait(timeout=30)
    cases, decisions, requests = _counts(app)
    assert 0 < cases < total, "the sweep was not killed halfway: make the test's batch smaller"
    assert cases == decisions == requests  # whole batches only: every case has its decision
    time.sleep(1.5)  # the dead holder's lease runs out
    rerun = subprocess.run(_flask("scheduler", "run-once", "breach-sweep"), cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - cases} case(s) opened" in rerun.stdout
    assert _counts(app) == (total, total, total)
