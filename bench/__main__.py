"""Run the benchmarks and print one JSON object of figures."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import store_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced sizes, under a minute")
    parser.add_argument("--subscribers", type=int, help="override the number of subscribers")
    parser.add_argument("--workdir", type=Path, help="keep the generated data here")
    args = parser.parse_args(argv)
    subscribers = args.subscribers or (20_000 if args.quick else 1_000_000)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        figures.update(store_bench.run(workdir, subscribers=subscribers, quick=args.quick))
    json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
