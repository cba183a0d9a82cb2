"""Who declared a keadaan kahar and when, and who ended an open-ended one; request pauses (an
officer stops one request's clock, with a reason from a closed list), row-level security on them
like every tenant-owned table (see 0004).

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

import core.platform.db

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# As in 0004: '*' sees all, '' (no scope) nothing, else the listed tenants.
VISIBLE = ("((SELECT current_setting('app.tenant_ids', true)) = '*' OR tenant_id IN (SELECT unnest(string_to_array("
           "nullif(nullif(current_setting('app.tenant_ids', true), ''), '*'), ',')::integer[])))")
REASONS = ("berkas_belum_lengkap", "menunggu_pemohon", "menunggu_instansi_lain")  # as core.vocabulary.PAUSE_REASONS today


def upgrade() -> None:
    with op.batch_alter_table('kahar_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declared_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('declared_at', core.platform.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ended_by', sa.Integer(), nullable=True))

    op.create_table('request_pauses',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('service_request_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('started_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_by', sa.Integer(), nullable=True),
    sa.Column('ended_at', core.platform.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("reason IN (" + ", ".join(f"'{code}'" for code in REASONS) + ")",
                       name=op.f('ck_request_pauses_reason')),
    sa.CheckConstraint('ended_at IS NULL OR ended_at >= started_at', name=op.f('ck_request_pauses_ends_after_start')),
    sa.ForeignKeyConstraint(['tenant_id', 'service_request_id'], ['service_requests.tenant_id', 'service_requests.id'],
                            name=op.f('fk_request_pauses_tenant_id_service_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_request_pauses_tenant_id_tenants'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_request_pauses'))
    )
    with op.batch_alter_table('request_pauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_pauses_tenant_id_service_request_id_started_at'),
                              ['tenant_id', 'service_request_id', 'started_at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE request_pauses ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON request_pauses USING {VISIBLE} WITH CHECK {VISIBLE}")


def downgrade() -> None:
    with op.batch_alter_table('request_pauses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_pauses_tenant_id_service_request_id_started_at'))
    op.drop_table('request_pauses')

    with op.batch_alter_table('kahar_periods', schema=None) as batch_op:
        batch_op.drop_column('ended_by')
        batch_op.drop_column('declared_at')
        batch_op.drop_column('declared_by')
