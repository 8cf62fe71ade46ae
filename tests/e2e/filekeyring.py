"""A key store in a JSON file, for desk processes started by the tests.

Selected in a child process with ``PYTHON_KEYRING_BACKEND=tests.e2e.filekeyring.FileKeyring``;
the file is ``PISHKHAN_TEST_KEYRING``. Tests only: a real desk keeps its token in the OS store.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
from jaraco.classes import properties


class FileKeyring(keyring.backend.KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        if "PISHKHAN_TEST_KEYRING" not in os.environ:
            raise RuntimeError("PISHKHAN_TEST_KEYRING is not set")  # never chosen by itself
        return 1.0

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or Path(os.environ["PISHKHAN_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load() | {f"{service}\n{username}": password}
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, self.path)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}\n{username}", None)
        self.path.write_text(json.dumps(data), encoding="utf-8")
