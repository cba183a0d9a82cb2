"""who took a complaint in (with the pimpinan, the one who may see an anonim complainant); service
requests versioned like complaints (If-Match). Existing complaints have no taker recorded; existing
requests start at version 1.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:46:43.543523
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_by', sa.Integer(), nullable=True))

    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('received_by')

