"""Engines, sessions and schema migrations of the local store.

SQLite by default (one file per desk: WAL, ``synchronous=FULL``, foreign keys, busy timeout, set
on every connection by ``dialect.configure_engine``); PostgreSQL by URL for a multi-desk branch.
Migrations are Alembic scripts shipped inside the package and run from code: no alembic.ini.

Opening the desk's store is on the start-up path, and importing Alembic costs more than the rest
of opening the database: :func:`upgrade` first compares the ``alembic_version`` row (plain SQL)
with the newest revision read from the migration files' headers, and imports Alembic only when
there is something to migrate.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import URL, Engine, create_engine, inspect, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from pishkhan.store.dialect import adapter_for, configure_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
VERSION_TABLE = "alembic_version"
_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]*)?=\s*(.+)$", re.MULTILINE)


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
    from alembic.config import Config

    cfg = Config()
    # ConfigParser interpolation: a '%' in the install path must be doubled.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    """The newest migration shipped with this version of the program."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@functools.cache
def shipped_head() -> str | None:
    """:func:`head_revision` read from the scripts' ``revision``/``down_revision`` lines, without
    importing Alembic; None when that is not one clear head (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        found, down = _REVISION.search(source), _DOWN.search(source)
        if found is None or down is None:
            return None
        revisions.add(found.group(1))
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revisions(engine: Engine) -> list[str]:
    """The rows of ``alembic_version`` (plain SQL; none for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return []
        return [row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))]


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest shipped revision (checked without Alembic)."""
    head = shipped_head()
    return head is not None and stored_revisions(engine) == [head]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default) in one transaction.

    A database already at the newest revision is left alone (no checks at every start-up) and
    Alembic is not even imported.
    """
    if revision == "head" and is_current(engine):
        return
    from alembic import command

    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = alembic_config()
    with engine.connect() as conn, adapter_for(conn).migrating(conn):
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
