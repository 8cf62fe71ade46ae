#!/usr/bin/env python3
"""Build (and optionally refresh) the translations of the Qt shell.

    python scripts/build_translations.py            # .ts -> resources/translations/pishkhan_fa.qm
    python scripts/build_translations.py --update   # first re-extract strings into the .ts
    python scripts/build_translations.py --out DIR  # write the .qm into DIR instead

``resources/translations/pishkhan_fa.ts`` is the source (committed, edited with Qt Linguist or by
hand); the ``.qm`` is a build artefact (gitignored). Strings are extracted from ``pishkhan/ui``
and ``pishkhan/app.py``; ``--update`` keeps existing translations and drops obsolete ones.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("fa",)
TARGET_LANGUAGE = {"fa": "fa_IR"}


def find_tool(name: str) -> list[str]:
    """The command line of ``lupdate`` / ``lrelease`` shipped with PySide6.

    Looks for the ``pyside6-<name>`` wrapper next to the running interpreter (a venv's ``bin`` or
    ``Scripts``), then for the binary inside the PySide6 package, then on ``PATH``.
    """
    exe = ".exe" if os.name == "nt" else ""
    here = Path(sys.executable).parent
    for candidate in (here / f"pyside6-{name}{exe}", here / "Scripts" / f"pyside6-{name}{exe}"):
        if candidate.is_file():
            return [str(candidate)]
    try:
        import PySide6

        packaged = Path(PySide6.__file__).parent / f"{name}{exe}"
        if packaged.is_file():
            return [str(packaged)]
    except ImportError:
        pass
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found:
        return [found]
    raise FileNotFoundError(f"cannot find PySide6's {name}; is PySide6 installed?")


def source_files(root: Path = ROOT) -> list[Path]:
    """The Python files strings are extracted from (lupdate does not scan folders for .py)."""
    return [*sorted((root / "pishkhan" / "ui").rglob("*.py")), root / "pishkhan" / "app.py"]


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"pishkhan_{language}.ts"


def update_ts(ts: Path, language: str = "fa", root: Path = ROOT) -> None:
    """Run lupdate: add new source strings to ``ts``, keep translations, drop obsolete ones."""
    files = [str(path.relative_to(root)) for path in source_files(root)]
    command = [
        *find_tool("lupdate"),
        *files,
        "-no-obsolete",
        "-locations",
        "none",
        "-target-language",
        TARGET_LANGUAGE.get(language, language),
        "-ts",
        str(ts),
    ]
    subprocess.run(command, cwd=root, check=True, capture_output=True, text=True)


def build_qm(ts: Path, qm: Path) -> None:
    """Run lrelease: compile ``ts`` into ``qm``."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    command = [*find_tool("lrelease"), str(ts), "-qm", str(qm)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    if not qm.is_file():
        raise RuntimeError(f"lrelease did not write {qm}:\n{result.stdout}\n{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--update", action="store_true", help="re-extract strings first")
    parser.add_argument("--out", type=Path, default=TRANSLATIONS, help="folder for the .qm files")
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        ts = ts_path(language)
        if args.update:
            update_ts(ts, language)
            print(f"updated {ts.relative_to(ROOT)}")
        qm = args.out / f"pishkhan_{language}.qm"
        build_qm(ts, qm)
        print(f"built {qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
