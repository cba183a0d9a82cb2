"""The scheduler: cases the platform opens itself (complaints.origin, and breach_kind with a unique
key so one breach opens one case), the warning moment of a request (warn_at, warned_at), the
tenant's warning share, escalation of overdue compensation (compensations.escalated_at), and three
tables: notifications, daily_summaries, scheduler_leases.

Existing complaints are citizens' (origin "citizen"); existing requests get no warn_at until they
are next saved (the warning job then passes them by; the breach sweep does not need it).

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

from core.platform.db import UTCDateTime

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

VISIBLE = ("((SELECT current_setting('app.tenant_ids', true)) = '*' OR tenant_id IN (SELECT unnest(string_to_array("
           "nullif(nullif(current_setting('app.tenant_ids', true), ''), '*'), ',')::integer[])))")
NEW_TENANT_TABLES = ("notifications", "daily_summaries")


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=16), server_default='citizen', nullable=False))
        batch_op.add_column(sa.Column('breach_kind', sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_complaints_tenant_id_service_request_id_breach_kind'),
            ['tenant_id', 'service_request_id', 'breach_kind'])

    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warn_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('warned_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_service_requests_tenant_id_status_warn_at'),
                              ['tenant_id', 'status', 'warn_at'], unique=False)

    with op.batch_alter_table('compensations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalated_at', UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warning_share', sa.Double(), server_default='0.8', nullable=False))

    op.create_table(
        'notifications',
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('complaint_id', sa.Uuid(), nullable=True),
        sa.Column('recipient_role', sa.String(length=32), nullable=True),
        sa.Column('recipient_user_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('read_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['tenant_id', 'complaint_id'], ['complaints.tenant_id', 'complaints.id'],
                                name=op.f('fk_notifications_tenant_id_complaints')),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_notifications_tenant_id_tenants'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notifications')),
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_tenant_id_recipient_role_read_at'),
                              ['tenant_id', 'recipient_role', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_tenant_id_recipient_user_id_read_at'),
                              ['tenant_id', 'recipient_user_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_tenant_id_complaint_id'),
                              ['tenant_id', 'complaint_id'], unique=False)

    op.create_table(
        'daily_summaries',
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('open_requests', sa.Integer(), nullable=False),
        sa.Column('at_risk', sa.Integer(), nullable=False),
        sa.Column('late', sa.Integer(), nullable=False),
        sa.Column('overdue_compensation', sa.Integer(), nullable=False),
        sa.Column('computed_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_daily_summaries_tenant_id_tenants'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_daily_summaries')),
        sa.UniqueConstraint('tenant_id', 'day', name=op.f('uq_daily_summaries_tenant_id_day')),
    )

    op.create_table(
        'scheduler_leases',
        sa.Column('job', sa.String(length=64), nullable=False),
        sa.Column('holder', sa.String(length=200), nullable=True),
        sa.Column('lease_until', UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_tick', UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_finished_at', UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('job', name=op.f('pk_scheduler_leases')),
    )

    if op.get_bind().dialect.name == "postgresql":
        for table in NEW_TENANT_TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY tenant_isolation ON {table} USING {VISIBLE} WITH CHECK {VISIBLE}")


def downgrade() -> None:
    op.drop_table('scheduler_leases')
    op.drop_table('daily_summaries')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_tenant_id_complaint_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_tenant_id_recipient_user_id_read_at'))
        batch_op.drop_index(batch_op.f('ix_notifications_tenant_id_recipient_role_read_at'))
    op.drop_table('notifications')

    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('warning_share')

    with op.batch_alter_table('compensations', schema=None) as batch_op:
        batch_op.drop_column('escalated_at')

    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_requests_tenant_id_status_warn_at'))
        batch_op.drop_column('warned_at')
        batch_op.drop_column('warn_at')

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_complaints_tenant_id_service_request_id_breach_kind'), type_='unique')
        batch_op.drop_column('breach_kind')
        batch_op.drop_column('origin')
