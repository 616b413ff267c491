"""lesson HTML built at sync, and the content version

Revision ID: 5a7e0c4d2f19
Revises: 5e2b7c9d1a04
Create Date: 2026-12-01 11:40:00.000000

Each lesson keeps its body as sanitised HTML per language, built from its Markdown here for the
lessons already synced (with the renderer the app uses, so the pages serve the same HTML as
before); every later ``content sync`` rebuilds it. ``content_version`` holds the one number the
app servers compare with their catalog snapshot.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from app.content.assets import lesson_html


# revision identifiers, used by Alembic.
revision = '5a7e0c4d2f19'
down_revision = '5e2b7c9d1a04'
branch_labels = None
depends_on = None

lesson = sa.table('lesson', sa.column('id', sa.Integer), sa.column('body', sa.JSON),
                  sa.column('html', sa.JSON))


def upgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('html', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(lesson.c.id, lesson.c.body)).all():
        connection.execute(
            lesson.update().where(lesson.c.id == row.id).values(html=lesson_html(row.body))
        )
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.alter_column('html', existing_type=sa.JSON(), nullable=False)

    content_version = op.create_table('content_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_content_version_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version'))
    )
    op.bulk_insert(
        content_version, [{'id': 1, 'version': 1, 'changed_at': datetime.now(timezone.utc)}]
    )


def downgrade():
    op.drop_table('content_version')
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_column('html')
