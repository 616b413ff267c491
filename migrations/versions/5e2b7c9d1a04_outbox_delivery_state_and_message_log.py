"""outbox delivery state (claims, backoff, HTML, Cc) and the message log

Revision ID: 5e2b7c9d1a04
Revises: 8f2a4c6e1d93
Create Date: 2026-12-01 12:15:00.000000

Messages already sent become ``sent``; those the old sender had stopped trying (ten attempts)
become ``failed``; the rest are pending and due at once. Going down, a failed message keeps at
least ten attempts so that the old sender leaves it alone too.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e2b7c9d1a04'
down_revision = '8f2a4c6e1d93'
branch_labels = None
depends_on = None

OLD_MAX_ATTEMPTS = 10


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cc', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('html_body', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=250), nullable=True))
        batch_op.add_column(sa.Column('state', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE outbox_message SET cc = '', html_body = '', message_id = '',"
        " next_attempt_at = created_at,"
        " state = CASE WHEN sent_at IS NOT NULL THEN 'sent'"
        f" WHEN attempts >= {OLD_MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END"
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        for name, kind in (
            ('cc', sa.String(length=1000)),
            ('html_body', sa.Text()),
            ('message_id', sa.String(length=250)),
            ('state', sa.String(length=10)),
            ('next_attempt_at', sa.DateTime(timezone=True)),
        ):
            batch_op.alter_column(name, existing_type=kind, nullable=False)
        batch_op.create_check_constraint(
            op.f('ck_outbox_message_state'), "state IN ('pending', 'sent', 'failed')"
        )
        batch_op.create_check_constraint(
            op.f('ck_outbox_message_attempts_not_negative'), 'attempts >= 0'
        )
        batch_op.create_index('ix_outbox_message_due', ['state', 'next_attempt_at'], unique=False)

    op.create_table(
        'message_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('kind', sa.String(length=60), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('outbox_message_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ['outbox_message_id'],
            ['outbox_message.id'],
            name=op.f('fk_message_log_outbox_message_id_outbox_message'),
            ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_message_log')),
        sa.UniqueConstraint('key', name=op.f('uq_message_log_key')),
    )
    with op.batch_alter_table('message_log', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_message_log_outbox_message_id'), ['outbox_message_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('message_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_log_outbox_message_id'))
    op.drop_table('message_log')

    op.execute(
        f"UPDATE outbox_message SET attempts = {OLD_MAX_ATTEMPTS}"
        f" WHERE state = 'failed' AND attempts < {OLD_MAX_ATTEMPTS}"
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')
        batch_op.drop_constraint(op.f('ck_outbox_message_attempts_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_outbox_message_state'), type_='check')
        for name in (
            'claim_token', 'claimed_until', 'next_attempt_at', 'state', 'message_id',
            'html_body', 'cc',
        ):
            batch_op.drop_column(name)
