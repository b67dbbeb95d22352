"""text enrichment: per-record text results and need candidates from text

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=20), nullable=False, server_default="manual")
        )
        batch_op.add_column(sa.Column("cand_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("tag", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("nature", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("support", sa.Float(), nullable=True))
        batch_op.create_index("ix_needs_cand_key", ["project_id", "cand_key"], unique=False)
    op.create_table(
        "record_text",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("text_norm", sa.Text(), nullable=True),
        sa.Column("text_masked", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("tag_conf", sa.JSON(), nullable=False),
        sa.Column("problem_tags", sa.JSON(), nullable=False),
        sa.Column("sentiment", sa.String(length=10), nullable=True),
        sa.Column("sentiment_score", sa.Float(), nullable=True),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["record_id"], ["records.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("record_id"),
    )
    with op.batch_alter_table("record_text", schema=None) as batch_op:
        batch_op.create_index("ix_record_text_project", ["project_id"], unique=False)


def downgrade() -> None:
    op.drop_table("record_text")
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_cand_key")
        for name in ("support", "nature", "kind", "tag", "cand_key", "origin"):
            batch_op.drop_column(name)
