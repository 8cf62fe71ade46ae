"""The printer chosen last for each kind of document (A4/A5 page printer, 80 mm thermal).

Kept in ``printers.json`` in the data folder: ``{"page": "HP_LaserJet", "thermal": "POS80"}``.
A remembered printer that no longer exists is ignored (the system default is used).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from pishkhan.printing.model import DocKind

log = logging.getLogger(__name__)
FILE_NAME = "printers.json"


class PrinterMemory:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable %s: %s", self.path, exc)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}

    def get(self, kind: DocKind) -> str | None:
        return self._load().get(kind.value) or None

    def remember(self, kind: DocKind, printer_name: str) -> None:
        if not printer_name:
            return
        data = self._load()
        if data.get(kind.value) == printer_name:
            return
        data[kind.value] = printer_name
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self.path)


def choose_printer(memory: PrinterMemory | None, kind: DocKind, available: list[str]) -> str:
    """The remembered printer of ``kind`` if it still exists, else "" (the system default)."""
    wanted = memory.get(kind) if memory is not None else None
    return wanted if wanted and wanted in available else ""
