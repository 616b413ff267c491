"""per-question sequence and save key on attempt slots

Revision ID: 3c1d2e9a7b40
Revises: b5869aac191c
Create Date: 2026-12-01 09:30:00.000000

Each slot takes its attempt's revision as its first sequence: a page loaded before the upgrade
sends the attempt's revision for every question, and so is not refused as stale.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c1d2e9a7b40'
down_revision = 'b5869aac191c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt_slot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('save_key', sa.String(length=80), nullable=True))
    op.execute(
        "UPDATE attempt_slot SET sequence = (SELECT quiz_attempt.revision FROM quiz_attempt"
        " WHERE quiz_attempt.id = attempt_slot.attempt_id)"
    )
    with op.batch_alter_table('attempt_slot', schema=None) as batch_op:
        batch_op.alter_column('sequence', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(op.f('ck_attempt_slot_sequence_not_negative'), 'sequence >= 0')


def downgrade():
    # The attempt's revision stays as it was: every save bumped it, so it is at least as high
    # as any of its slots' sequences, and a page loaded after the downgrade sends it.
    with op.batch_alter_table('attempt_slot', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_slot_sequence_not_negative'), type_='check')
        batch_op.drop_column('save_key')
        batch_op.drop_column('sequence')
