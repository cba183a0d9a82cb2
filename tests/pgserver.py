"""A throwaway PostgreSQL server for the test session: temp directory, loopback port, removed after.

``initdb`` refuses to run as root, and CI runs as root: the server then runs as
the image's unprivileged ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SEARCH = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin", "/usr/bin"]


def _binary(name: str) -> str:
    for folder in SEARCH:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"PostgreSQL binary {name!r} not found; install postgresql-15 (.ci/run does)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(argv: list[str], as_postgres: bool) -> None:
    if as_postgres:
        command = " ".join(f"'{a}'" for a in argv)
        argv = ["su", "postgres", "-s", "/bin/sh", "-c", command]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database on a private server."""
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="kompensasi-pg-"))
    data, socket_dir = root / "data", root / "sock"
    socket_dir.mkdir()
    if as_postgres:
        shutil.chown(root, "postgres")
        shutil.chown(socket_dir, "postgres")
        os.chmod(root, 0o700)
    port = _free_port()
    try:
        _run([_binary("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], as_postgres)
        options = f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        _run([_binary("pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "-t", "60", "start"], as_postgres)
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        _wait(url)
        yield url
    finally:
        with contextlib.suppress(Exception):
            _run([_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], as_postgres)
        shutil.rmtree(root, ignore_errors=True)


def _wait(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        for _ in range(100):
            try:
                with engine.connect() as conn:
                    conn.execute(text("select 1"))
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not accept connections")
    finally:
        engine.dispose()
