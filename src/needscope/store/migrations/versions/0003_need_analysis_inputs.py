"""need analysis inputs: priority sub-scores set by a person, feasibility inputs, 5-Why chains

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scores", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("feasibility", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("whys", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        for name in ("whys", "feasibility", "scores"):
            batch_op.drop_column(name)
