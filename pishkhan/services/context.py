"""Opening the desk's world: data folder, configuration, database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pishkhan.config import Config, load_config
from pishkhan.paths import DataPaths, data_paths
from pishkhan.store.db import make_engine, session_factory, sqlite_url, upgrade


@dataclass(frozen=True, slots=True)
class AppContext:
    paths: DataPaths
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def database_url(paths: DataPaths, config: Config) -> str:
    return config.store_url or sqlite_url(paths.database)


def open_context(paths: DataPaths | None = None, *, migrate: bool = True) -> AppContext:
    """Create the data folder and config if needed, open the database and bring it up to date."""
    paths = (paths or data_paths()).ensure()
    config = load_config(paths)
    engine = make_engine(database_url(paths, config))
    if migrate:
        upgrade(engine)
    return AppContext(paths, config, engine, session_factory(engine))
