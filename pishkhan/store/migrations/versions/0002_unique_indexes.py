"""Identifiers of readings, bills and payments as unique indexes; partial request/void indexes.

The UNIQUE table constraints on ``readings.uuid``, ``bills.uuid``, ``bills (bill_id,
payment_id)``, ``payments.uuid`` and ``payments.reverses_id`` become unique indexes of the same
names, so a bulk load (the demo data) can drop them and build them once at the end: SQLite
cannot drop the index behind a table constraint, and keeping five unique indexes up to date row
by row was a third of the demo loader's writing time at a million subscribers. The indexes
guard the data exactly as the constraints did. ``uq_payments_reverses_id`` and
``ix_payments_request_id`` leave out NULLs (nearly every payment reverses nothing and pays
no request), which makes both indexes tiny; lookups by a value still use them.

On SQLite the three tables are rebuilt (Alembic batch mode), so this takes a while on a large
store; the rows, ids and other indexes are kept.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> [(name, columns)] of the constraints that become unique indexes
_UNIQUE: dict[str, list[tuple[str, list[str]]]] = {
    "readings": [("uq_readings_uuid", ["uuid"])],
    "bills": [
        ("uq_bills_bill_id_payment_id", ["bill_id", "payment_id"]),
        ("uq_bills_uuid", ["uuid"]),
    ],
    "payments": [("uq_payments_uuid", ["uuid"])],
}
_NOT_NULL = {
    "uq_payments_reverses_id": ("reverses_id", True),
    "ix_payments_request_id": ("request_id", False),
}
_BILL_ONCE = "kind = 'bill' AND reverses_id IS NULL"


def _partial(name: str, columns: list[str], *, unique: bool, where: str) -> None:
    op.create_index(
        name,
        "payments",
        columns,
        unique=unique,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def _bill_once() -> None:
    _partial("uq_payments_bill_once", ["bill_id", "payment_id", "attempt"], unique=True,
             where=_BILL_ONCE)  # fmt: skip


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Partial indexes are dropped and made again by hand: a batch rebuild copies indexes by
    # reflection, which is not trusted with a WHERE clause.
    op.drop_index("ix_payments_request_id", table_name="payments")
    if sqlite:
        op.drop_index("uq_payments_bill_once", table_name="payments")
    for table, pairs in _UNIQUE.items():
        extra = [("uq_payments_reverses_id", ["reverses_id"])] if table == "payments" else []
        with op.batch_alter_table(table, recreate="always" if sqlite else "never") as batch:
            for name, _columns in pairs + extra:
                batch.drop_constraint(name, type_="unique")
        for name, columns in pairs:
            op.create_index(name, table, columns, unique=True)
    if sqlite:
        _bill_once()
    for name, (column, unique) in _NOT_NULL.items():
        _partial(name, [column], unique=unique, where=f"{column} IS NOT NULL")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in _NOT_NULL:
        op.drop_index(name, table_name="payments")
    if sqlite:
        op.drop_index("uq_payments_bill_once", table_name="payments")
    for table, pairs in _UNIQUE.items():
        for name, _columns in pairs:
            op.drop_index(name, table_name=table)
        extra = [("uq_payments_reverses_id", ["reverses_id"])] if table == "payments" else []
        with op.batch_alter_table(table, recreate="always" if sqlite else "never") as batch:
            for name, columns in pairs + extra:
                batch.create_unique_constraint(name, columns)
    if sqlite:
        _bill_once()
    op.create_index("ix_payments_request_id", "payments", ["request_id"], unique=False)
