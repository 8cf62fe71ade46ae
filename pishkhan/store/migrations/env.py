"""Alembic environment of the local store.

At run time ``pishkhan.store.db.upgrade`` passes an open connection in
``config.attributes["connection"]``. To write a new migration, autogenerate against a database at
head: ``PISHKHAN_DB_URL=sqlite:////tmp/x.db python -c "from alembic import command; from
pishkhan.store.db import alembic_config; command.revision(alembic_config(), 'msg',
autogenerate=True)"``, then review it by hand. Offline (``--sql``) mode is not supported: the
search index is created by code that inspects the live database. Changing the search index
(``store/dialect/``) needs a migration that calls ``drop_search_index`` then
``create_search_index``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from pishkhan.store.dialect import adapter_for, include_name
from pishkhan.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from pishkhan.store.db import make_engine

    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("PISHKHAN_DB_URL")
    if not url:
        raise RuntimeError("give the database with -x url=... or PISHKHAN_DB_URL")
    engine = make_engine(url)
    try:
        with engine.connect() as conn, adapter_for(conn).migrating(conn):
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported")
run_migrations_online()
