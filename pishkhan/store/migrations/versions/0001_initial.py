"""Initial schema: every table of pishkhan.store.models, plus the name search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 00:53:06.109231
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pishkhan.store.dialect import adapter_for

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=24), nullable=False),
        sa.Column("record_uuid", sa.String(length=36), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint(
            "record_type", "record_uuid", name=op.f("uq_outbox_record_type_record_uuid")
        ),
    )
    op.create_index(op.f("ix_outbox_next_attempt_at"), "outbox", ["next_attempt_at"], unique=False)

    op.create_table(
        "properties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=512), nullable=False),
        sa.Column("in_village", sa.Boolean(), nullable=False),
        sa.Column("use", sa.String(length=24), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_properties")),
    )
    op.create_index(op.f("ix_properties_postal_code"), "properties", ["postal_code"], unique=False)

    op.create_table(
        "sync_cursors",
        sa.Column("feed", sa.String(length=32), nullable=False),
        sa.Column("cursor", sa.String(length=256), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("feed", name=op.f("pk_sync_cursors")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=128), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_action"), "audit_events", ["action"], unique=False)
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"], unique=False)

    op.create_table(
        "cash_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("opening_float_rials", sa.BigInteger(), nullable=False),
        sa.Column("expected_cash_rials", sa.BigInteger(), nullable=True),
        sa.Column("counted_cash_rials", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_cash_sessions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_sessions")),
        sa.UniqueConstraint("uuid", name=op.f("uq_cash_sessions_uuid")),
    )
    op.create_index(
        op.f("ix_cash_sessions_business_day"), "cash_sessions", ["business_day"], unique=False
    )
    op.create_index(op.f("ix_cash_sessions_user_id"), "cash_sessions", ["user_id"], unique=False)

    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("subscription_no", sa.String(length=16), nullable=False),
        sa.Column("computer_code", sa.String(length=16), nullable=False),
        sa.Column("bill_id", sa.String(length=16), nullable=False),
        sa.Column("national_code", sa.String(length=10), nullable=True),
        sa.Column("first_name", sa.String(length=64), nullable=False),
        sa.Column("last_name", sa.String(length=64), nullable=False),
        sa.Column("father_name", sa.String(length=64), nullable=True),
        sa.Column("mobile", sa.String(length=11), nullable=True),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("balance_rials", sa.BigInteger(), nullable=False),
        sa.Column("server_rev", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["property_id"], ["properties.id"], name=op.f("fk_subscribers_property_id_properties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscribers")),
        sa.UniqueConstraint("bill_id", name=op.f("uq_subscribers_bill_id")),
        sa.UniqueConstraint("computer_code", name=op.f("uq_subscribers_computer_code")),
        sa.UniqueConstraint("subscription_no", name=op.f("uq_subscribers_subscription_no")),
        sa.UniqueConstraint("uuid", name=op.f("uq_subscribers_uuid")),
    )
    op.create_index(op.f("ix_subscribers_mobile"), "subscribers", ["mobile"], unique=False)
    op.create_index(
        op.f("ix_subscribers_national_code"), "subscribers", ["national_code"], unique=False
    )
    op.create_index(
        op.f("ix_subscribers_property_id"), "subscribers", ["property_id"], unique=False
    )

    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("diameter", sa.String(length=8), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_connections_subscriber_id_subscribers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connections")),
        sa.UniqueConstraint(
            "subscriber_id", "kind", name=op.f("uq_connections_subscriber_id_kind")
        ),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("tracking_code", sa.String(length=16), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=True),
        sa.Column("applicant_name", sa.String(length=128), nullable=False),
        sa.Column("applicant_national_code", sa.String(length=10), nullable=True),
        sa.Column("applicant_mobile", sa.String(length=11), nullable=True),
        sa.Column("postal_code", sa.String(length=10), nullable=True),
        sa.Column("address", sa.String(length=512), nullable=True),
        sa.Column("in_village", sa.Boolean(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("fee_rials", sa.BigInteger(), nullable=False),
        sa.Column("counter_fee_rials", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_requests_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_requests_subscriber_id_subscribers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_requests_tracking_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_requests_uuid")),
    )
    op.create_index(
        op.f("ix_requests_applicant_national_code"),
        "requests",
        ["applicant_national_code"],
        unique=False,
    )
    op.create_index(op.f("ix_requests_stage"), "requests", ["stage"], unique=False)
    op.create_index(op.f("ix_requests_subscriber_id"), "requests", ["subscriber_id"], unique=False)

    op.create_table(
        "subscriber_search",
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("joined", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_subscriber_search_subscriber_id_subscribers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subscriber_id", name=op.f("pk_subscriber_search")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("subscriber_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("path", sa.String(length=512), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_documents_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_documents_subscriber_id_subscribers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("uuid", name=op.f("uq_documents_uuid")),
    )
    op.create_index(op.f("ix_documents_request_id"), "documents", ["request_id"], unique=False)
    op.create_index(op.f("ix_documents_sha256"), "documents", ["sha256"], unique=False)
    op.create_index(
        op.f("ix_documents_subscriber_id"), "documents", ["subscriber_id"], unique=False
    )

    op.create_table(
        "meters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=32), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("initial_reading", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["connection_id"], ["connections.id"], name=op.f("fk_meters_connection_id_connections")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meters")),
        sa.UniqueConstraint("serial", name=op.f("uq_meters_serial")),
    )
    op.create_index(op.f("ix_meters_connection_id"), "meters", ["connection_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("bill_id", sa.String(length=16), nullable=False),
        sa.Column("payment_id", sa.String(length=16), nullable=False),
        sa.Column("amount_rials", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("terminal_ref", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("cash_session_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=256), nullable=True),
        sa.ForeignKeyConstraint(
            ["cash_session_id"],
            ["cash_sessions.id"],
            name=op.f("fk_payments_cash_session_id_cash_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_payments_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["payments.id"], name=op.f("fk_payments_reverses_id_payments")
        ),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_payments_subscriber_id_subscribers"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_payments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_payments_reverses_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_payments_uuid")),
    )
    op.create_index(
        op.f("ix_payments_bill_id_payment_id"), "payments", ["bill_id", "payment_id"], unique=False
    )
    op.create_index(
        op.f("ix_payments_business_day_user_id"),
        "payments",
        ["business_day", "user_id"],
        unique=False,
    )
    op.create_index(op.f("ix_payments_request_id"), "payments", ["request_id"], unique=False)
    op.create_index(op.f("ix_payments_subscriber_id"), "payments", ["subscriber_id"], unique=False)
    op.create_index(
        "uq_payments_bill_once",
        "payments",
        ["bill_id", "payment_id", "attempt"],
        unique=True,
        sqlite_where=sa.text("kind = 'bill' AND reverses_id IS NULL"),
        postgresql_where=sa.text("kind = 'bill' AND reverses_id IS NULL"),
    )

    op.create_table(
        "request_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=512), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_request_stages_request_id_requests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_stages")),
    )
    op.create_index(
        op.f("ix_request_stages_request_id"), "request_stages", ["request_id"], unique=False
    )

    op.create_table(
        "readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("meter_id", sa.Integer(), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("consumption_m3", sa.Integer(), nullable=False),
        sa.Column("rolled_over", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_readings_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["meter_id"], ["meters.id"], name=op.f("fk_readings_meter_id_meters")
        ),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_readings_subscriber_id_subscribers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readings")),
        sa.UniqueConstraint("uuid", name=op.f("uq_readings_uuid")),
    )
    op.create_index(op.f("ix_readings_meter_id"), "readings", ["meter_id"], unique=False)
    op.create_index(
        op.f("ix_readings_subscriber_id_read_on"),
        "readings",
        ["subscriber_id", "read_on"],
        unique=False,
    )

    op.create_table(
        "bills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("reading_id", sa.Integer(), nullable=True),
        sa.Column("bill_id", sa.String(length=16), nullable=False),
        sa.Column("payment_id", sa.String(length=16), nullable=False),
        sa.Column("period_year", sa.Integer(), nullable=False),
        sa.Column("period_no", sa.Integer(), nullable=False),
        sa.Column("prev_read_on", sa.Date(), nullable=False),
        sa.Column("curr_read_on", sa.Date(), nullable=False),
        sa.Column("prev_reading", sa.Integer(), nullable=False),
        sa.Column("curr_reading", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("consumption_m3", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("vat_rials", sa.BigInteger(), nullable=False),
        sa.Column("amount_rials", sa.BigInteger(), nullable=False),
        sa.Column("debt_carried_rials", sa.BigInteger(), nullable=False),
        sa.Column("payable_rials", sa.BigInteger(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("is_estimate", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["reading_id"], ["readings.id"], name=op.f("fk_bills_reading_id_readings")
        ),
        sa.ForeignKeyConstraint(
            ["subscriber_id"], ["subscribers.id"], name=op.f("fk_bills_subscriber_id_subscribers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bills")),
        sa.UniqueConstraint("bill_id", "payment_id", name=op.f("uq_bills_bill_id_payment_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_bills_uuid")),
    )
    op.create_index(
        op.f("ix_bills_subscriber_id_issued_on"),
        "bills",
        ["subscriber_id", "issued_on"],
        unique=False,
    )

    # The name search index (FTS5 on SQLite, pg_trgm on PostgreSQL) is not part of the models.
    bind = op.get_bind()
    adapter_for(bind).create_search_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    adapter_for(bind).drop_search_index(bind)
    op.drop_table("bills")
    op.drop_table("readings")
    op.drop_table("request_stages")
    op.drop_table("payments")
    op.drop_table("meters")
    op.drop_table("documents")
    op.drop_table("subscriber_search")
    op.drop_table("requests")
    op.drop_table("connections")
    op.drop_table("subscribers")
    op.drop_table("cash_sessions")
    op.drop_table("audit_events")
    op.drop_table("users")
    op.drop_table("sync_cursors")
    op.drop_table("properties")
    op.drop_table("outbox")
