"""caseload and today indexes, huddle items retired not deleted

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:17:47.387517
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index('ix_action_owner_status', ['owner_professional_id', 'status'], unique=False)

    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_person_status_starts', ['person_id', 'status', 'starts_at'], unique=False)

    with op.batch_alter_table('care_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_plan_current'))
        batch_op.create_index('ix_care_plan_current', ['person_id', 'is_current', 'status', 'review_date'], unique=False)

    with op.batch_alter_table('huddle_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('retired_reason', sa.Text(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('huddle_item', schema=None) as batch_op:
        batch_op.drop_column('retired_reason')
        batch_op.drop_column('retired_on')

    with op.batch_alter_table('care_plan', schema=None) as batch_op:
        batch_op.drop_index('ix_care_plan_current')
        batch_op.create_index(batch_op.f('ix_care_plan_current'), ['person_id', 'is_current'], unique=False)

    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_person_status_starts')

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_owner_status')

