"""The ``pishkhan`` command: the desk window by default, and headless sub-commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from collections.abc import Sequence

from pishkhan import __version__
from pishkhan.paths import data_paths

log = logging.getLogger(__name__)

# Modules that add their own sub-commands: each has ``register(sub)`` taking the sub-parsers
# action and adding parsers whose ``func`` default handles them. Keep their imports light (heavy
# imports inside the handler) so ``pishkhan --help`` stays fast. Missing modules are skipped.
EXTENSIONS = (
    "pishkhan.scanner.cli",
    "pishkhan.printing.cli",
)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pishkhan",
        description="Pishkhan: counter-office desk for water and wastewater subscribers. "
        "With no command it opens the desk window.",
    )
    parser.add_argument("--version", action="version", version=f"pishkhan {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the desk window (the default)")
    gui.set_defaults(func=_cmd_gui)

    demo = sub.add_parser("demo-data", help="fill the data folder with deterministic demo data")
    demo.add_argument("--subscribers", type=_positive_int, default=2000, metavar="N")
    demo.add_argument("--seed", type=int, default=1405, metavar="S")
    demo.add_argument(
        "--replace", action="store_true", help="delete existing data and generate it again"
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing (and succeed) when the database already holds subscribers",
    )
    demo.set_defaults(func=_cmd_demo_data)

    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade", "current"])
    db.set_defaults(func=_cmd_db)

    central = sub.add_parser("central", help="the reference central server")
    central_sub = central.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    serve = central_sub.add_parser(
        "serve",
        help="serve the /api/v1 contract over HTTP (secrets from PISHKHAN_CENTRAL_SECRET "
        "and PISHKHAN_CENTRAL_ADMIN_TOKEN)",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, metavar="N")
    serve.add_argument(
        "--db", default=None, metavar="URL", help="SQLAlchemy URL (default: central.sqlite3)"
    )
    serve.add_argument("--seed-subscribers", type=int, default=300, metavar="N")
    serve.add_argument("--seed", type=int, default=1405, metavar="S")
    serve.add_argument(
        "--documents",
        default=None,
        metavar="DIR",
        help="folder for uploaded documents (default: central-documents in the data folder)",
    )
    serve.add_argument("--certfile", default=None, metavar="F", help="TLS certificate (PEM)")
    serve.add_argument("--keyfile", default=None, metavar="K", help="TLS private key (PEM)")
    serve.set_defaults(func=_cmd_central)

    sync = sub.add_parser(
        "sync", help="send waiting records to the central system and pull its changes"
    )
    sync.add_argument("--once", action="store_true", help="one push and pull, then exit 0/1")
    sync.add_argument(
        "--register",
        metavar="SECRET",
        help="register this desk with the central system first (token kept in the OS key store)",
    )
    sync.add_argument(
        "--export-unsent", metavar="FILE", help="write the unsent records to FILE and exit"
    )
    sync.set_defaults(func=_cmd_sync)

    paths = sub.add_parser("paths", help="print where data, config and logs are kept")
    paths.set_defaults(func=_cmd_paths)
    for module_name in EXTENSIONS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module_name.startswith(exc.name):
                raise
            continue
        module.register(sub)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _cmd_gui(args: argparse.Namespace) -> int:
    from pishkhan.launch import launch

    return launch(sys.argv[:1])


def _cmd_demo_data(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from pishkhan.demo.loader import load_demo_data
    from pishkhan.services.context import open_context
    from pishkhan.store.models import Subscriber

    ctx = open_context()
    try:
        with ctx.sessions() as session:
            existing = session.scalar(select(func.count()).select_from(Subscriber)) or 0
        if existing and args.if_empty:
            print(f"demo data: the database already holds {existing} subscribers; nothing to do")
            return 0
        if existing and not args.replace:
            print(
                f"demo data: the database already holds {existing} subscribers; "
                "use --replace to generate it again",
                file=sys.stderr,
            )
            return 2
        started = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 1.0 or done == total:
                last[0] = now
                print(f"\r  {done:,}/{total:,} subscribers", end="", file=sys.stderr, flush=True)

        stats = load_demo_data(
            ctx.engine,
            subscribers=args.subscribers,
            seed=args.seed,
            config=ctx.config,
            progress=progress,
            replace=args.replace,
        )
        print(file=sys.stderr)
        print(f"demo data written to {ctx.paths.root} in {time.perf_counter() - started:.1f} s")
        for table, count in stats.counts.items():
            print(f"  {table:<16} {count:>12,}")
        return 0
    finally:
        ctx.close()


def _cmd_db(args: argparse.Namespace) -> int:
    from pishkhan.services.context import open_context
    from pishkhan.store.db import current_revision

    ctx = open_context(migrate=args.action == "upgrade")
    try:
        print(current_revision(ctx.engine) or "(empty)")
    finally:
        ctx.close()
    return 0


def _cmd_central(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    import uvicorn

    from pishkhan.central import create_app
    from pishkhan.central.app import DEFAULT_REGISTRATION_SECRET

    if bool(args.certfile) != bool(args.keyfile):
        print("--certfile and --keyfile go together", file=sys.stderr)
        return 2
    root = data_paths().ensure().root
    url = args.db or f"sqlite:///{root / 'central.sqlite3'}"
    documents = Path(args.documents) if args.documents else root / "central-documents"
    app = create_app(
        url,
        seed_subscribers=args.seed_subscribers,
        seed=args.seed,
        registration_secret=os.environ.get("PISHKHAN_CENTRAL_SECRET", DEFAULT_REGISTRATION_SECRET),
        admin_token=os.environ.get("PISHKHAN_CENTRAL_ADMIN_TOKEN") or None,
        documents_dir=documents,
    )
    scheme = "https" if args.certfile else "http"
    print(
        f"central server on {scheme}://{args.host}:{args.port}/api/v1 (database {url})",
        flush=True,
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
    )
    return 0


def _cmd_sync(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pishkhan.services.context import open_context
    from pishkhan.sync.backoff import retry_delay
    from pishkhan.sync.client import SyncClient, SyncError, export_unsent
    from pishkhan.sync.tokens import TokenStoreError

    ctx = open_context()
    try:
        if args.export_unsent:
            count = export_unsent(ctx, Path(args.export_unsent))
            print(f"{count} unsent records written to {args.export_unsent}")
            return 0
        try:
            client = SyncClient(ctx, ctx.config.central_url)
        except SyncError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        try:
            if args.register:
                print(f"registered as desk {client.register(args.register)}")
            failures = 0
            while True:
                push, pull = client.sync_once()
                status = client.status()
                print(
                    f"sync: sent {push.accepted + push.duplicate + push.rescued}, "
                    f"rescued {push.rescued}, needs attention "
                    f"{push.attention}, deferred {push.deferred}, pulled {pull.applied} "
                    f"(removed {pull.removed}); waiting {status.waiting}, "
                    f"needing attention {len(status.attention)}",
                    flush=True,
                )
                for problem in {e for e in (push.error, pull.error) if e}:
                    print(f"  {problem}", file=sys.stderr, flush=True)
                ok = push.ok and pull.ok
                if args.once:
                    return 0 if ok and not push.attention else 1
                failures = 0 if ok else failures + 1
                time.sleep(30.0 if ok else retry_delay(failures, base=10.0, cap=300.0))
        except (SyncError, TokenStoreError) as exc:
            print(str(exc), file=sys.stderr)
            return 1
        finally:
            client.close()
    finally:
        ctx.close()


def _cmd_paths(args: argparse.Namespace) -> int:
    paths = data_paths()
    print(f"data:     {paths.root}")
    print(f"database: {paths.database}")
    print(f"config:   {paths.config_file}")
    print(f"logs:     {paths.log_file}")
    print(f"documents:{paths.documents}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    from pishkhan.logsetup import setup_logging

    setup_logging(data_paths().ensure(), verbose=args.verbose)
    func = getattr(args, "func", _cmd_gui)
    try:
        code = int(func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from pishkhan.config import ConfigError

        if isinstance(exc, ConfigError):
            print(str(exc), file=sys.stderr)
            return 2
        log.exception("command failed")
        raise
    return code


def run() -> None:
    """The ``pishkhan`` program (``python -m pishkhan`` too): :func:`main`, then exit."""
    code = main()
    _leave_if_sane_ran(code)
    sys.exit(code)


def _leave_if_sane_ran(code: int) -> None:
    """End the process without the C runtime's exit handlers when SANE ran in it.

    SANE's test backend stops its reader thread with ``pthread_cancel``; cancelled while it held
    the dynamic loader's lock (a first use of thread-local storage), the thread leaves that lock
    taken for ever, and the C++ runtime's exit handler then waits on it (gdb: ``~Init`` →
    ``__tls_get_addr``), so about one ``pishkhan scan`` in fifty never ended. Python's own exit
    work (``atexit`` functions, logging, output) is done first; files are closed by then.
    """
    sane_backend = sys.modules.get("pishkhan.scanner.sane_backend")
    if sane_backend is None or not sane_backend.SaneThread.initialised():
        return
    import atexit

    atexit._run_exitfuncs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
