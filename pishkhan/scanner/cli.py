"""``pishkhan scan``: scan (or import files) headless through the same pipeline to a PDF.

    pishkhan scan --list
    pishkhan scan --device sane:test:0 --source feeder --mode gray --dpi 300 --pages 5 --out a.pdf
    pishkhan scan --device file:import --import deed.pdf id.jpg --mode gray --out b.pdf

Exit codes: 0 done, 1 the scan failed (the Persian message on stderr), 2 bad arguments.
Heavy imports (numpy, Pillow, SANE) happen inside the handler.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

SOURCES = ("flatbed", "feeder", "duplex")
MODES = ("color", "gray", "bw")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "scan",
        help="scan pages (or import image/PDF files) into one PDF, or list scanners",
        description="Scan through the same deskew/crop/encode pipeline as the desk window.",
    )
    parser.add_argument("--list", action="store_true", help="list the scanners and exit")
    parser.add_argument(
        "--device", metavar="ID", help="device id from --list (sane:..., twain:...)"
    )
    parser.add_argument("--source", choices=SOURCES, default="flatbed")
    parser.add_argument("--mode", choices=MODES, default="gray")
    parser.add_argument("--dpi", type=int, default=300, metavar="N")
    parser.add_argument("--pages", type=int, default=None, metavar="N", help="stop after N pages")
    parser.add_argument("--out", metavar="FILE.pdf", help="where to write the PDF")
    parser.add_argument(
        "--import",
        dest="files",
        nargs="+",
        metavar="FILE",
        help="images or PDFs to import instead of scanning (device file:import)",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra driver option (SANE option name), may repeat",
    )
    parser.add_argument("--quality", type=int, default=75, metavar="Q", help="JPEG quality")
    parser.add_argument("--pdfa", action="store_true", help="write PDF/A-1b for archiving")
    parser.add_argument("--no-deskew", action="store_true")
    parser.add_argument("--no-crop", action="store_true")
    parser.set_defaults(func=handle)


def _value(text: str) -> object:
    lowered = text.lower()
    if lowered in ("yes", "true", "on"):
        return True
    if lowered in ("no", "false", "off"):
        return False
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pishkhan.scanner import backends
    from pishkhan.scanner.errors import ScanError
    from pishkhan.scanner.file_backend import DEVICE_ID
    from pishkhan.scanner.model import ColorMode, ScanOptions, Source
    from pishkhan.scanner.pipeline import PipelineSettings, encode_page

    if args.list:
        for device in backends.list_devices():
            sources = ",".join(s.value for s in device.sources)
            modes = ",".join(m.value for m in device.modes)
            dpis = ",".join(str(d) for d in device.resolutions)
            print(f"{device.id}\t{device.name}\tsources={sources}\tmodes={modes}\tdpi={dpis}")
        return 0
    device_id = args.device or (DEVICE_ID if args.files else None)
    if not device_id or not args.out:
        print("pishkhan scan: --device and --out are needed (or --list)", file=sys.stderr)
        return 2
    if args.files and device_id != DEVICE_ID:
        print(f"pishkhan scan: --import goes with --device {DEVICE_ID}", file=sys.stderr)
        return 2
    extra: dict[str, object] = {}
    for item in args.option:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"pishkhan scan: --option {item!r} is not NAME=VALUE", file=sys.stderr)
            return 2
        extra[name] = _value(value)
    if args.files:
        extra["files"] = list(args.files)
    options = ScanOptions(
        source=Source(args.source),
        mode=ColorMode(args.mode),
        dpi=args.dpi,
        pages=args.pages,
        device_options=extra,
    )
    settings = PipelineSettings(
        deskew=not args.no_deskew, crop=not args.no_crop, jpeg_quality=args.quality
    )
    encoded = []
    try:
        for page in backends.acquire(device_id, options, settings=settings):
            data = encode_page(page, args.quality)
            encoded.append(data)
            flags = " blank?" if page.blank else ""
            print(
                f"page {len(encoded)}: {page.image.width}x{page.image.height} px, "
                f"skew {page.skew_degrees:+.2f} deg, {len(data.data) // 1024} KB{flags}",
                file=sys.stderr,
                flush=True,
            )
    except ScanError as exc:
        print(str(exc), file=sys.stderr)
        if not encoded:
            return 1
        print(f"({len(encoded)} pages scanned before the error are saved)", file=sys.stderr)
    if not encoded:
        print("هیچ صفحه‌ای اسکن نشد.", file=sys.stderr)
        return 1
    from pishkhan.scanner.pipeline import build_pdf

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_pdf(encoded, pdfa=args.pdfa))
    print(f"{out}: {len(encoded)} pages, {out.stat().st_size // 1024} KB")
    return 0
