"""统一门户: OpenID Connect clients, authorization codes (PKCE), access tokens and recorded consents

Revision ID: 0061
Revises: 0060
"""

import sqlalchemy as sa
from alembic import op

revision = "0061"
down_revision = "0060"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_client",
        sa.Column("client_id", sa.String(48), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("redirect_uris", sa.JSON(), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_id"),
    )
    op.create_table(
        "portal_code",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(48), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("redirect_uri", sa.String(300), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("nonce", sa.String(128), nullable=True),
        sa.Column("code_challenge", sa.String(128), nullable=True),
        sa.Column("code_challenge_method", sa.String(10), nullable=True),
        sa.Column("auth_time", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["portal_client.client_id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "portal_token",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(48), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["portal_client.client_id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("portal_token") as t:
        t.create_index("ix_portal_token_user_id", ["user_id"], unique=False)
    op.create_table(
        "portal_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(48), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["portal_client.client_id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("portal_consent") as t:
        t.create_index("ix_portal_consent_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("portal_consent")
    op.drop_table("portal_token")
    op.drop_table("portal_code")
    op.drop_table("portal_client")
