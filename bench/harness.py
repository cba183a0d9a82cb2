"""What the benchmarks share: a throwaway database (SQLite in a temporary directory, or a
PostgreSQL 15 started for the run) and a timer."""

from __future__ import annotations

import contextlib
import tempfile
import time


@contextlib.contextmanager
def database(use_postgresql: bool, name: str):
    """The URL of an empty database for one run, named ``name`` on SQLite."""
    if use_postgresql:
        from tests.pgserver import postgres_server

        with postgres_server() as url:
            yield url
    else:
        folder = tempfile.mkdtemp(prefix=f"kompensasi-{name}-")
        yield f"sqlite:///{folder}/{name}.sqlite3"


def timed(call):
    """Seconds ``call`` took, and what it returned."""
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result
