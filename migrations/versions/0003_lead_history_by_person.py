"""lead history by person

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 06:57:13.516889
"""

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lead_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_lead_assignment_person_started', ['person_id', 'started_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('lead_assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_assignment_person_started')

