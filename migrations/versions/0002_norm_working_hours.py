"""A service's own printed working hours on its parsed norm; norms re-read from their text;
a keadaan kahar ends after it starts (or has no end yet).

The first reading dropped a Standar Pelayanan cell's "Jam kerja 08.00 – 15.30", and started the
clock of "… setelah berkas … diterima" at berkas lengkap instead of at the berkas's receipt.
Each stored norm is read again from its own text (which is kept, so nothing is lost); a text
the current reader refuses keeps its stored reading.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

from core.timekeeping.norms import TimeNormError, parse_time_norm

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

service_types = sa.table(
    "service_types",
    sa.column("tenant_id", sa.Integer), sa.column("id", sa.Uuid), sa.column("time_norm_text", sa.Text),
    sa.column("norm_clock_starts", sa.String), sa.column("norm_working_hours", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table('kahar_periods', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_kahar_periods_ends_after_start'), 'ends_at IS NULL OR ends_at > starts_at')
    with op.batch_alter_table('service_types', schema=None) as batch_op:
        batch_op.add_column(sa.Column('norm_working_hours', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(service_types.c.tenant_id, service_types.c.id, service_types.c.time_norm_text)):
        try:
            norm = parse_time_norm(row.time_norm_text)
        except TimeNormError:
            continue
        hours = [norm.working_hours[0].strftime("%H:%M"), norm.working_hours[1].strftime("%H:%M")] if norm.working_hours else None
        connection.execute(
            service_types.update()
            .where(service_types.c.tenant_id == row.tenant_id, service_types.c.id == row.id)
            .values(norm_clock_starts=norm.clock_starts, norm_working_hours=hours)
        )


def downgrade() -> None:
    with op.batch_alter_table('service_types', schema=None) as batch_op:
        batch_op.drop_column('norm_working_hours')
    with op.batch_alter_table('kahar_periods', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_kahar_periods_ends_after_start'), type_='check')
