"""the case workflow: why a case moved (status_reason), where it was forwarded (forwarded_to), the
Ombudsman's maladministration label; decisions re-decided with a reason, overridden by the head with
a reason, superseded by the next; sanctions with the decree's word, whether a PP 94/2021 penalty,
and the follow-up date (UU 25/2009 Pasal 54). Existing decisions stay in force; existing sanctions
have no follow-up date.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

import core.platform.db

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('forwarded_to', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('maladministration', sa.String(length=32), nullable=True))

    with op.batch_alter_table('case_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('override', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('override_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('superseded_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('sanctions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decree_wording', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('pp94_penalty', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('follow_up_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_sanctions_tenant_id_follow_up_on'), ['tenant_id', 'follow_up_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sanctions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sanctions_tenant_id_follow_up_on'))
        batch_op.drop_column('follow_up_on')
        batch_op.drop_column('pp94_penalty')
        batch_op.drop_column('decree_wording')

    with op.batch_alter_table('case_decisions', schema=None) as batch_op:
        batch_op.drop_column('superseded_at')
        batch_op.drop_column('override_reason')
        batch_op.drop_column('override')
        batch_op.drop_column('reason')

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('maladministration')
        batch_op.drop_column('forwarded_to')
        batch_op.drop_column('status_reason')
