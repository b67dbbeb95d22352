"""labels set by a person on records; a project's journey document; a project's plan document

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_labels",
        sa.Column(
            "record_id",
            sa.Integer(),
            sa.ForeignKey("records.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "project_id",
            sa.Integer(),
            sa.ForeignKey("projects.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("aspects", sa.JSON(), nullable=True),
        sa.Column("sentiment", sa.String(10), nullable=True),
        sa.Column("author", sa.String(100), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_record_labels_project", "record_labels", ["project_id"])
    for name in ("journeys", "plans"):
        op.create_table(
            name,
            sa.Column(
                "project_id",
                sa.Integer(),
                sa.ForeignKey("projects.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("doc", sa.JSON(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("plans")
    op.drop_table("journeys")
    op.drop_index("ix_record_labels_project", table_name="record_labels")
    op.drop_table("record_labels")
