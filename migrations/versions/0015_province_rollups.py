"""The provincial view: each agency's monthly figures (indicator_rollups, with the row-level
security policy of 0004 on PostgreSQL), and the demo mark on service requests and complaints
(``flask demo seed``).

Revision ID: 0015
Revises: 0013
Create Date: 2026-11-23 15:40:00
"""
from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None

# The same policy as 0004's: '*' sees all, '' (no scope) nothing, else the listed tenants.
VISIBLE = ("((SELECT current_setting('app.tenant_ids', true)) = '*' OR tenant_id IN (SELECT unnest(string_to_array("
           "nullif(nullif(current_setting('app.tenant_ids', true), ''), '*'), ',')::integer[])))")


def upgrade() -> None:
    op.create_table('indicator_rollups',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('metric', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=64), server_default='', nullable=False),
    sa.Column('hours', sa.Integer(), server_default='0', nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('computed_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_indicator_rollups_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_indicator_rollups')),
    sa.UniqueConstraint('tenant_id', 'month', 'metric', 'key', 'hours', name=op.f('uq_indicator_rollups_tenant_id_month_metric_key_hours'))
    )
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_service_requests_tenant_id_completed_at'), ['tenant_id', 'completed_at'], unique=False)
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('demo', sa.Boolean(), server_default=sa.false(), nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE indicator_rollups ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON indicator_rollups USING {VISIBLE} WITH CHECK {VISIBLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS tenant_isolation ON indicator_rollups")
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('demo')
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_requests_tenant_id_completed_at'))
        batch_op.drop_column('demo')
    op.drop_table('indicator_rollups')
