#!/usr/bin/env python3
"""Build (and optionally refresh) the translations of the Qt application.

    python scripts/build_translations.py                 # *.ts -> .../pishkhan_fa.qm
    python scripts/build_translations.py --update        # first re-extract strings into every .ts
    python scripts/build_translations.py --update scan   # ... into one area's .ts only
    python scripts/build_translations.py --out DIR       # write the .qm into DIR instead

The sources are one ``.ts`` file per *area* of the code (``resources/translations/<area>_fa.ts``,
committed, edited with Qt Linguist or by hand), so that work on the scanner, printing or the desk
does not collide in one file. ``lrelease`` compiles all of them into the one
``pishkhan_<lang>.qm`` the application loads (a build artefact, gitignored). ``--update`` keeps
existing translations and drops obsolete ones.
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

# Area -> glob patterns (relative to the repository root) of the Python files it extracts from.
# Every file belongs to exactly one area: the first whose pattern matches it.
AREAS: dict[str, tuple[str, ...]] = {
    "scan": ("pishkhan/scanner/**/*.py", "pishkhan/ui/scan/**/*.py"),
    "print": ("pishkhan/printing/**/*.py", "pishkhan/ui/printing/**/*.py"),
    "sync": ("pishkhan/ui/sync/**/*.py",),
    "kit": ("pishkhan/ui/kit/**/*.py",),
    "lookup": ("pishkhan/ui/lookup/**/*.py",),
    "requests": ("pishkhan/ui/requests/**/*.py",),
    "desk": ("pishkhan/app.py", "pishkhan/ui/**/*.py"),
}


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


def _matching(area: str, root: Path) -> set[Path]:
    return {p for pattern in AREAS[area] for p in root.glob(pattern) if p.is_file()}


def source_files(area: str, root: Path = ROOT) -> list[Path]:
    """The Python files of ``area`` (lupdate does not scan folders for .py)."""
    claimed: set[Path] = set()
    for other in AREAS:
        if other == area:
            return sorted(_matching(area, root) - claimed)
        claimed |= _matching(other, root)
    raise KeyError(area)


def ts_path(area: str, language: str = "fa") -> Path:
    return TRANSLATIONS / f"{area}_{language}.ts"


def ts_files(language: str = "fa") -> list[Path]:
    return [ts_path(area, language) for area in AREAS if ts_path(area, language).is_file()]


def update_ts(ts: Path, area: str, language: str = "fa", root: Path = ROOT) -> None:
    """lupdate over ``area``: add new strings to ``ts``, keep translations, drop obsolete."""
    files = [str(path.relative_to(root)) for path in source_files(area, root)]
    if not files:
        return
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


def build_qm(sources: list[Path] | Path, qm: Path) -> None:
    """Run lrelease: compile the ``.ts`` files into one ``qm``."""
    if isinstance(sources, Path):
        sources = [sources]
    qm.parent.mkdir(parents=True, exist_ok=True)
    command = [*find_tool("lrelease"), *map(str, sources), "-qm", str(qm)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    if not qm.is_file():
        raise RuntimeError(f"lrelease did not write {qm}:\n{result.stdout}\n{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--update",
        nargs="*",
        metavar="AREA",
        choices=[*AREAS, []],
        help=f"re-extract strings first (all areas, or the named ones of: {', '.join(AREAS)})",
    )
    parser.add_argument("--out", type=Path, default=TRANSLATIONS, help="folder for the .qm files")
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        if args.update is not None:
            for area in args.update or list(AREAS):
                ts = ts_path(area, language)
                if source_files(area):
                    update_ts(ts, area, language)
                    print(f"updated {ts.relative_to(ROOT)}")
        qm = args.out / f"pishkhan_{language}.qm"
        build_qm(ts_files(language), qm)
        print(f"built {qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
