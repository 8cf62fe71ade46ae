"""Export the API contract: ``python -m pishkhan.central.openapi [PATH]``.

The committed ``docs/api/openapi.json`` is kept equal to :func:`openapi_text` by a test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def openapi_text() -> str:
    """The OpenAPI document of the server, as stable, indented JSON text."""
    from pishkhan.central.app import create_app

    app = create_app("sqlite://", admin_token="export")
    return json.dumps(app.openapi(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DOCUMENT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(openapi_text(), encoding="utf-8")
    print(f"OpenAPI document written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
