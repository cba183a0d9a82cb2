"""the breach sweep reads its keys from the index alone; system cases the decree is asked about again

The sweep's index ``(tenant_id, status, due_at)`` gains ``id`` at its end: finding the late
requests then reads the index and nothing else, on SQLite (no table lookup per row) and on
PostgreSQL (an index-only scan once the table is vacuumed), so the sweep costs about what a
bare count of the same rows costs.

``complaints.ask_decree_again`` marks a case the sweep opened when the service's norm ran out
while the decree's own limit had not (Belitung's 2x24 jam): the sweep asks the decree again.

Revision ID: 0017
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_service_requests_tenant_id_status_due_at_id', 'service_requests',
                    ['tenant_id', 'status', 'due_at', 'id'])
    op.drop_index('ix_service_requests_tenant_id_status_due_at', 'service_requests')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ask_decree_again', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index('ix_complaints_tenant_id_ask_decree_again', 'complaints', ['tenant_id', 'ask_decree_again'])


def downgrade() -> None:
    op.drop_index('ix_complaints_tenant_id_ask_decree_again', 'complaints')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('ask_decree_again')
    op.create_index('ix_service_requests_tenant_id_status_due_at', 'service_requests',
                    ['tenant_id', 'status', 'due_at'])
    op.drop_index('ix_service_requests_tenant_id_status_due_at_id', 'service_requests')
