"""the request path: indexes in the listings' order, a token's last use, a tenant's context version

Listings sort newest first on ``received_at``: each gets an index that leads with ``tenant_id``
and then that column, so a page is read in order, not sorted. ``api_tokens.last_used_at`` comes
back, written at most once a minute after the response. ``tenants.context_version`` lets each
process keep a tenant's evaluation context until it changes.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_complaints_tenant_id_received_at', 'complaints', ['tenant_id', 'received_at'])
    op.create_index('ix_service_requests_tenant_id_received_at', 'service_requests', ['tenant_id', 'received_at'])
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('context_version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('context_version')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('last_used_at')
    op.drop_index('ix_service_requests_tenant_id_received_at', 'service_requests')
    op.drop_index('ix_complaints_tenant_id_received_at', 'complaints')
