"""Row-level security on every tenant-owned table (PostgreSQL): defence in depth under the ORM's
tenant scope.

A row is visible, and may be written, only when its tenant is in the transaction's setting
``app.tenant_ids`` (a comma-separated list set by ``core/models/scope.py`` with ``set_config(…, true)``),
or when that setting is ``*`` (the audited ``all_tenants()`` bypass). No setting: no rows. The
policies bind the application's role, which must not own the tables (``flask db app-role``);
the owner that runs the migrations is not bound by them. SQLite has no row-level security:
there the ORM scope alone holds.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TENANT_TABLES = (
    "audit_events", "case_decisions", "compensations", "complaints", "days_off", "kahar_periods", "sanctions",
    "service_requests", "service_types", "tenant_decrees",
)

# '*' sees all, '' (no scope) nothing, else the listed tenants. Each read of the setting is a
# subquery, which PostgreSQL evaluates once per query (an InitPlan, a hashed SubPlan), not once per row.
VISIBLE = ("((SELECT current_setting('app.tenant_ids', true)) = '*' OR tenant_id IN (SELECT unnest(string_to_array("
           "nullif(nullif(current_setting('app.tenant_ids', true), ''), '*'), ',')::integer[])))")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON {table} USING {VISIBLE} WITH CHECK {VISIBLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TENANT_TABLES:
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
