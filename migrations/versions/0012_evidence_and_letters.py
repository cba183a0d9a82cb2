"""Files kept with a case: evidence files (photos, PDFs) attached to a complaint or to one of its
compensation items, the numbered letters issued on it, and the per-tenant, per-year counter
that numbers them. The bytes live outside the database (content-addressed, by SHA-256); these
tables say whose they are. On PostgreSQL each gets the row-level security policy of 0004.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 13:09:38.712406
"""
from alembic import op
import sqlalchemy as sa
import core.platform.db


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TABLES = ("evidence_files", "letters", "letter_counters")
# The same policy as 0004's: '*' sees all, '' (no scope) nothing, else the listed tenants.
VISIBLE = ("((SELECT current_setting('app.tenant_ids', true)) = '*' OR tenant_id IN (SELECT unnest(string_to_array("
           "nullif(nullif(current_setting('app.tenant_ids', true), ''), '*'), ',')::integer[])))")


def upgrade() -> None:
    op.create_table('letter_counters',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_letter_counters_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_letter_counters')),
    sa.UniqueConstraint('tenant_id', 'year', name=op.f('uq_letter_counters_tenant_id_year'))
    )
    op.create_table('evidence_files',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('complaint_id', sa.Uuid(), nullable=False),
    sa.Column('compensation_id', sa.Uuid(), nullable=True),
    sa.Column('original_name', sa.String(length=160), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'compensation_id'], ['compensations.tenant_id', 'compensations.id'], name=op.f('fk_evidence_files_tenant_id_compensation_id_compensations')),
    sa.ForeignKeyConstraint(['tenant_id', 'complaint_id'], ['complaints.tenant_id', 'complaints.id'], name=op.f('fk_evidence_files_tenant_id_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_evidence_files_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_evidence_files'))
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_files_tenant_id_complaint_id_uploaded_at'), ['tenant_id', 'complaint_id', 'uploaded_at'], unique=False)

    op.create_table('letters',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('complaint_id', sa.Uuid(), nullable=False),
    sa.Column('case_decision_id', sa.Uuid(), nullable=False),
    sa.Column('compensation_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('citation', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('issued_at', core.platform.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'case_decision_id'], ['case_decisions.tenant_id', 'case_decisions.id'], name=op.f('fk_letters_tenant_id_case_decision_id_case_decisions')),
    sa.ForeignKeyConstraint(['tenant_id', 'compensation_id'], ['compensations.tenant_id', 'compensations.id'], name=op.f('fk_letters_tenant_id_compensation_id_compensations')),
    sa.ForeignKeyConstraint(['tenant_id', 'complaint_id'], ['complaints.tenant_id', 'complaints.id'], name=op.f('fk_letters_tenant_id_complaint_id_complaints')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_letters_tenant_id_tenants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_letters')),
    sa.UniqueConstraint('tenant_id', 'case_decision_id', 'kind', name=op.f('uq_letters_tenant_id_case_decision_id_kind')),
    sa.UniqueConstraint('tenant_id', 'year', 'sequence', name=op.f('uq_letters_tenant_id_year_sequence'))
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_tenant_id_complaint_id_issued_at'), ['tenant_id', 'complaint_id', 'issued_at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY tenant_isolation ON {table} USING {VISIBLE} WITH CHECK {VISIBLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_tenant_id_complaint_id_issued_at'))

    op.drop_table('letters')
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_files_tenant_id_complaint_id_uploaded_at'))

    op.drop_table('evidence_files')
    op.drop_table('letter_counters')
