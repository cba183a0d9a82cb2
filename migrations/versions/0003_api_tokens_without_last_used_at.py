"""api tokens without last_used_at

The column was never written (every row holds NULL), so dropping it loses nothing.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('last_used_at')


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_used_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))
