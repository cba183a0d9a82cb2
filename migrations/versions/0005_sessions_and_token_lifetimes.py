"""Sessions end on sign-out (a per-user session nonce in every session id); API tokens expire and
can be revoked. Tokens issued before this revision get 90 days from now (nothing is lost: they
keep working until then).

Revision ID: 0005
Revises: 0004
"""
from datetime import datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa
import core.platform.db

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_nonce', sa.String(length=32), server_default='', nullable=False))
    tokens = sa.table("api_tokens", sa.column("expires_at", core.platform.db.UTCDateTime(timezone=True)))
    op.get_bind().execute(tokens.update().values(expires_at=datetime.now(timezone.utc) + timedelta(days=90)))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_nonce')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')
