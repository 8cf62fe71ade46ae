"""Run the benchmarks and print one JSON object of figures."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

# Each suite is a module ``bench.<name>`` with
# ``run(workdir: Path, *, subscribers: int, quick: bool) -> dict[str, Any]`` returning named
# figures, each next to the baseline it beats measured in the same run. A suite not written yet
# is skipped.
SUITES = ("store_bench", "sync_bench", "ui_bench", "scan_bench", "print_bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced sizes, under a minute")
    parser.add_argument("--subscribers", type=int, help="override the number of subscribers")
    parser.add_argument("--workdir", type=Path, help="keep the generated data here")
    parser.add_argument(
        "--only", action="append", choices=SUITES, metavar="SUITE", help="run only these suites"
    )
    args = parser.parse_args(argv)
    subscribers = args.subscribers or (20_000 if args.quick else 1_000_000)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        for name in args.only or SUITES:
            try:
                suite = importlib.import_module(f"bench.{name}")
            except ModuleNotFoundError as exc:
                if exc.name is None or not f"bench.{name}".startswith(exc.name):
                    raise
                continue
            workdir = (args.workdir or Path(tmp)) / name
            workdir.mkdir(parents=True, exist_ok=True)
            figures.update(suite.run(workdir, subscribers=subscribers, quick=args.quick))
    json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
