"""Notices and the officer's answer: where each notification goes (a member of staff's inbox,
the complainant's case, or the complainant's e-mail) and the outcome of sending it; its version
(marking it read is a guarded write); and the sanction the head proposes before recording it,
with the officer's written answer. On PostgreSQL the new table gets the row-level security
policy of 0004.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 15:40:00
"""
from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

VISIBLE = ("((SELECT current_setting('app.tenant_ids', true)) = '*' OR tenant_id IN (SELECT unnest(string_to_array("
           "nullif(nullif(current_setting('app.tenant_ids', true), ''), '*'), ',')::integer[])))")


def upgrade() -> None:
    op.create_table('sanction_proposals',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('complaint_id', sa.Uuid(), nullable=False),
    sa.Column('officer_name', sa.String(length=200), nullable=False),
    sa.Column('officer_user_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('staff_category', sa.String(length=16), nullable=False),
    sa.Column('proposed_by', sa.Integer(), nullable=True),
    sa.Column('proposed_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer_due_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sanction_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'complaint_id'], ['complaints.tenant_id', 'complaints.id'], name=op.f('fk_sanction_proposals_tenant_id_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sanction_proposals_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_sanction_proposals'))
    )
    with op.batch_alter_table('sanction_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sanction_proposals_tenant_id_complaint_id'), ['tenant_id', 'complaint_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), server_default='inbox', nullable=False))
        batch_op.add_column(sa.Column('recipient_address', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('subject', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('sent_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('delivery_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_index(batch_op.f('ix_notifications_tenant_id_channel_sent_at'), ['tenant_id', 'channel', 'sent_at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE sanction_proposals ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON sanction_proposals USING {VISIBLE} WITH CHECK {VISIBLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS tenant_isolation ON sanction_proposals")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_tenant_id_channel_sent_at'))
        for column in ('version', 'delivery_error', 'attempts', 'sent_at', 'subject', 'recipient_address', 'channel'):
            batch_op.drop_column(column)
    with op.batch_alter_table('sanction_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sanction_proposals_tenant_id_complaint_id'))
    op.drop_table('sanction_proposals')
