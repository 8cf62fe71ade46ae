"""Where Pishkhan keeps its data: the platform's data folder, or ``PISHKHAN_HOME``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Pishkhan"
HOME_ENV = "PISHKHAN_HOME"


@dataclass(frozen=True, slots=True)
class DataPaths:
    """The data folder and the places inside it."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "pishkhan.sqlite3"

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "pishkhan.log"

    @property
    def config_file(self) -> Path:
        return self.root / "config.toml"

    @property
    def central(self) -> Path:
        """Data of the embedded reference central server."""
        return self.root / "central"

    def ensure(self) -> DataPaths:
        """Create the folders (not the files) and return self."""
        for folder in (self.root, self.documents, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_root() -> Path:
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))


def data_paths(root: Path | None = None) -> DataPaths:
    return DataPaths(root if root is not None else default_root())
