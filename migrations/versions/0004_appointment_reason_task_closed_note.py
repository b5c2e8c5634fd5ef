"""appointment status reason, task closed note

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 07:49:18.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_reason', sa.Text(), nullable=True))

    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_note', sa.Text(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_column('closed_note')

    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_column('status_reason')
