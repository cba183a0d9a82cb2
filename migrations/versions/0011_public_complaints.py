"""The public complaint page: what a written complaint states (address, NIK stored encrypted, the
service, the loss, the place, the request number quoted), the citizen's objection flag, the
citizen's responses (compensation received or not, keberatan) under row-level security, and the
count of public writes per client address.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

VISIBLE = ("((SELECT current_setting('app.tenant_ids', true)) = '*' OR tenant_id IN (SELECT unnest(string_to_array("
           "nullif(nullif(current_setting('app.tenant_ids', true), ''), '*'), ',')::integer[])))")


def upgrade() -> None:
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('complainant_address', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('complainant_nik', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('service_type_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('loss_description', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('place', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('request_reference', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reopen_requested', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_complaints_tenant_id_service_type_id'), ['tenant_id', 'service_type_id'],
                              unique=False)

    op.create_table(
        'citizen_responses',
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('complaint_id', sa.Uuid(), nullable=False),
        sa.Column('compensation_id', sa.Uuid(), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id', 'compensation_id'], ['compensations.tenant_id', 'compensations.id'],
                                name=op.f('fk_citizen_responses_tenant_id_compensation_id_compensations')),
        sa.ForeignKeyConstraint(['tenant_id', 'complaint_id'], ['complaints.tenant_id', 'complaints.id'],
                                name=op.f('fk_citizen_responses_tenant_id_complaint_id_complaints')),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_citizen_responses_tenant_id_tenants'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_citizen_responses')),
    )
    op.create_index(op.f('ix_citizen_responses_tenant_id_complaint_id_at'), 'citizen_responses',
                    ['tenant_id', 'complaint_id', 'at'], unique=False)

    op.create_table(
        'public_rate_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_public_rate_events')),
    )
    op.create_index(op.f('ix_public_rate_events_key_at'), 'public_rate_events', ['key', 'at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE citizen_responses ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON citizen_responses USING {VISIBLE} WITH CHECK {VISIBLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS tenant_isolation ON citizen_responses")
    op.drop_index(op.f('ix_public_rate_events_key_at'), table_name='public_rate_events')
    op.drop_table('public_rate_events')
    op.drop_index(op.f('ix_citizen_responses_tenant_id_complaint_id_at'), table_name='citizen_responses')
    op.drop_table('citizen_responses')

    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_tenant_id_service_type_id'))
        batch_op.drop_column('reopen_requested')
        batch_op.drop_column('request_reference')
        batch_op.drop_column('place')
        batch_op.drop_column('loss_description')
        batch_op.drop_column('service_type_id')
        batch_op.drop_column('complainant_nik')
        batch_op.drop_column('complainant_address')
