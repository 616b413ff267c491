"""a flag on each attempt slot (Moodle's "flag question")

Revision ID: 8f2a4c6e1d93
Revises: 3c1d2e9a7b40
Create Date: 2026-12-01 11:45:00.000000

Slots of attempts already started begin unflagged. The server default only fills them: the
application always writes the flag itself, as the model says.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f2a4c6e1d93'
down_revision = '3c1d2e9a7b40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt_slot', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('flagged', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('attempt_slot', schema=None) as batch_op:
        batch_op.alter_column('flagged', existing_type=sa.Boolean(), server_default=None)


def downgrade():
    with op.batch_alter_table('attempt_slot', schema=None) as batch_op:
        batch_op.drop_column('flagged')
