"""Engines, sessions and schema migrations of the local store.

SQLite by default (one file per desk: WAL, ``synchronous=FULL``, foreign keys, busy timeout, set
on every connection by ``dialect.configure_engine``); PostgreSQL by URL for a multi-desk branch.
Migrations are Alembic scripts shipped inside the package and run from code: no alembic.ini.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from pishkhan.store.dialect import adapter_for, configure_engine

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite database file at ``path``."""
    url = URL.create("sqlite+pysqlite", database=str(Path(path).expanduser().resolve()))
    return url.render_as_string(hide_password=False)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url`` (``sqlite_url(...)`` or ``postgresql+psycopg://...``)."""
    backend = make_url(url).get_backend_name()
    kwargs: dict[str, object] = {"echo": echo}
    if backend == "postgresql":
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    configure_engine(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; objects stay readable after commit (handed to the GUI)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migration scripts."""
    cfg = Config()
    # ConfigParser interpolation: a '%' in the install path must be doubled.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    """The newest migration shipped with this version of the program."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default) in one transaction.

    A database already at the newest revision is left alone (no checks at every start-up).
    """
    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.connect() as conn, adapter_for(conn).migrating(conn):
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
