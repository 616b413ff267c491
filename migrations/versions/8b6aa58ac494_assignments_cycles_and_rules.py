"""assignments, cycles and rules

Revision ID: 8b6aa58ac494
Revises: 5a7e0c4d2f19
Create Date: 2026-12-01 14:37:40.166680

An assignment is one person's cycle on one track, and completions now belong to a cycle: the
unique keys of ``course_completion`` and ``track_completion`` gain ``cycle``, and every
completion recorded before this revision becomes cycle 1 (the server default fills it, then is
dropped so that the application always says which cycle it means).

Downgrading keeps cycle 1 and deletes the completions of later cycles, which the old unique
keys cannot hold; the assignments and rules go with their tables.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b6aa58ac494'
down_revision = '5a7e0c4d2f19'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assignment_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('departments', sa.JSON(), nullable=False),
    sa.Column('offices', sa.JSON(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('due_kind', sa.String(length=20), nullable=False),
    sa.Column('due_days', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('seed_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(due_kind = 'fixed' AND due_on IS NOT NULL) OR (due_kind <> 'fixed' AND due_days IS NOT NULL AND due_days >= 0)", name=op.f('ck_assignment_rule_due_complete')),
    sa.CheckConstraint("due_kind IN ('fixed', 'after_joining', 'after_matching')", name=op.f('ck_assignment_rule_due_kind')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_assignment_rule_created_by_id_person')),
    sa.ForeignKeyConstraint(['manager_id'], ['person.id'], name=op.f('fk_assignment_rule_manager_id_person')),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], name=op.f('fk_assignment_rule_track_id_track')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_rule')),
    sa.UniqueConstraint('seed_key', name=op.f('uq_assignment_rule_seed_key'))
    )
    with op.batch_alter_table('assignment_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_rule_track_id'), ['track_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('completion_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=False),
    sa.CheckConstraint("origin IN ('person', 'rule', 'self')", name=op.f('ck_assignment_origin')),
    sa.CheckConstraint("state IN ('open', 'completed', 'withdrawn')", name=op.f('ck_assignment_state')),
    sa.CheckConstraint('cycle > 0', name=op.f('ck_assignment_cycle_positive')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['person.id'], name=op.f('fk_assignment_assigned_by_id_person')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['person.id'], name=op.f('fk_assignment_closed_by_id_person')),
    sa.ForeignKeyConstraint(['completion_id'], ['track_completion.id'], name=op.f('fk_assignment_completion_id_track_completion')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_assignment_person_id_person')),
    sa.ForeignKeyConstraint(['rule_id'], ['assignment_rule.id'], name=op.f('fk_assignment_rule_id_assignment_rule')),
    sa.ForeignKeyConstraint(['track_id'], ['track.id'], name=op.f('fk_assignment_track_id_track')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_due', ['state', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_assignment_track_state', ['track_id', 'state'], unique=False)
        batch_op.create_index('uq_assignment_open', ['person_id', 'track_id'], unique=True, sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))

    with op.batch_alter_table('course_completion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cycle', sa.Integer(), nullable=False, server_default='1'))
        batch_op.drop_constraint(batch_op.f('uq_course_completion_person_id_course_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_course_completion_person_id_course_id_cycle'), ['person_id', 'course_id', 'cycle'])
    with op.batch_alter_table('course_completion', schema=None) as batch_op:
        batch_op.alter_column('cycle', existing_type=sa.Integer(), server_default=None)

    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.add_column(sa.Column('self_enrol', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('default_rules', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.alter_column('self_enrol', existing_type=sa.Boolean(), server_default=None)
        batch_op.alter_column('default_rules', existing_type=sa.JSON(), server_default=None)

    with op.batch_alter_table('track_completion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cycle', sa.Integer(), nullable=False, server_default='1'))
        batch_op.drop_constraint(batch_op.f('uq_track_completion_person_id_track_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_track_completion_person_id_track_id_cycle'), ['person_id', 'track_id', 'cycle'])
    with op.batch_alter_table('track_completion', schema=None) as batch_op:
        batch_op.alter_column('cycle', existing_type=sa.Integer(), server_default=None)



def downgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('uq_assignment_open', sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
        batch_op.drop_index('ix_assignment_track_state')
        batch_op.drop_index(batch_op.f('ix_assignment_person_id'))
        batch_op.drop_index('ix_assignment_due')

    op.drop_table('assignment')
    with op.batch_alter_table('assignment_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_rule_track_id'))

    op.drop_table('assignment_rule')

    op.execute("DELETE FROM track_completion WHERE cycle > 1")
    with op.batch_alter_table('track_completion', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_track_completion_person_id_track_id_cycle'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_track_completion_person_id_track_id'), ['person_id', 'track_id'])
        batch_op.drop_column('cycle')

    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.drop_column('default_rules')
        batch_op.drop_column('self_enrol')

    op.execute("DELETE FROM course_completion WHERE cycle > 1")
    with op.batch_alter_table('course_completion', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_course_completion_person_id_course_id_cycle'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_course_completion_person_id_course_id'), ['person_id', 'course_id'])
        batch_op.drop_column('cycle')
