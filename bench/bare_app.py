"""The reference the request path is measured against: a bare Flask app on the same database.

``/ping`` answers a constant; ``POST /insert`` reads a JSON body and commits one ``INSERT``;
``/select/<table>`` runs the bare indexed ``SELECT … WHERE tenant_id = ? ORDER BY received_at
DESC LIMIT 100`` and answers the rows as JSON. No ORM, no schemas, no authentication: what is
left when everything the platform adds is taken away. ``BARE_DATABASE_URL`` names the database
(``sqlite:///path`` or ``postgresql+psycopg://…``), ``BARE_TENANT_ID`` the tenant listed.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from datetime import datetime, timezone

from flask import Flask, jsonify, request

URL = os.environ["BARE_DATABASE_URL"]
TENANT_ID = int(os.environ.get("BARE_TENANT_ID", "1"))
TABLES = {"complaints", "service_requests"}
app = Flask(__name__)
_connection = None


def connection():
    """One connection per worker process (gunicorn's sync workers serve one request at a time)."""
    global _connection
    if _connection is None:
        if URL.startswith("sqlite"):
            _connection = sqlite3.connect(URL.split("///", 1)[1], timeout=30, isolation_level=None)
            _connection.execute("PRAGMA journal_mode=WAL")
        else:
            import psycopg

            _connection = psycopg.connect(URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    return _connection


def _marker() -> str:
    return "?" if URL.startswith("sqlite") else "%s"


@app.get("/ping")
def ping():
    return jsonify(ok=True)


@app.post("/insert")
def insert():
    body = request.get_json()
    m = _marker()
    connection().execute(
        f"INSERT INTO bench_bare (id, tenant_id, body, created_at) VALUES ({m}, {m}, {m}, {m})",
        (str(uuid.uuid4()), TENANT_ID, str(body.get("description", "")), datetime.now(timezone.utc).isoformat()),
    )
    return jsonify(ok=True), 201


@app.get("/select/<table>")
def select(table: str):
    if table not in TABLES:
        return jsonify(error="unknown table"), 404
    cursor = connection().execute(
        f"SELECT * FROM {table} WHERE tenant_id = {_marker()} ORDER BY received_at DESC LIMIT 100", (TENANT_ID,)
    )
    names = [d[0] for d in cursor.description]
    return jsonify([{n: (str(v) if not isinstance(v, (int, float, bool, type(None))) else v)
                     for n, v in zip(names, row)} for row in cursor.fetchall()])
