"""the breach sweep reads its keys from the index alone

The sweep's index ``(tenant_id, status, due_at)`` gains ``id`` at its end: finding the late
requests then reads the index and nothing else, on SQLite (no table lookup per row) and on
PostgreSQL (an index-only scan once the table is vacuumed), so the sweep costs about what a
bare count of the same rows costs.

Revision ID: 0017
Revises: 0012
"""
from alembic import op


revision = '0017'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_service_requests_tenant_id_status_due_at_id', 'service_requests',
                    ['tenant_id', 'status', 'due_at', 'id'])
    op.drop_index('ix_service_requests_tenant_id_status_due_at', 'service_requests')


def downgrade() -> None:
    op.create_index('ix_service_requests_tenant_id_status_due_at', 'service_requests',
                    ['tenant_id', 'status', 'due_at'])
    op.drop_index('ix_service_requests_tenant_id_status_due_at_id', 'service_requests')
