"""Child side of the desk-window figures under load: ``ui_max_stall_ms`` and ``ui_lookup_ms``.

Run by :mod:`bench.ui_bench` in a child process (offscreen Qt); see that module for the
definitions. Each prints one JSON line for the parent.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

from bench.ui_bench import HEARTBEAT_MS, _open_desk


def _queries(ctx: Any, count: int) -> list[str]:
    from sqlalchemy import func, select

    from pishkhan.store.models import Subscriber

    rng = random.Random(1405)
    with ctx.sessions() as session:
        total = session.scalar(select(func.count()).select_from(Subscriber)) or 0
        ids = sorted(rng.sample(range(1, total + 1), min(count, total)))
        rows = session.scalars(select(Subscriber).where(Subscriber.id.in_(ids))).all()
    out: list[str] = []
    for index, row in enumerate(rows):
        kind = index % 5
        if kind == 0:
            out.append(row.subscription_no)
        elif kind == 1:
            out.append(row.bill_id)
        elif kind == 2 and row.mobile:
            out.append(row.mobile)
        elif kind == 3:
            out.append(row.last_name)
        else:
            out.append(f"{row.first_name} {row.last_name}")
    return out


def _sync_like(ctx: Any, records: int) -> int:
    """What a sync does on the worker: encode/decode many records, write and clear the outbox."""
    from sqlalchemy import delete, select

    from pishkhan.store.models import OutboxEntry, Subscriber

    with ctx.sessions() as session:
        subscribers = session.scalars(select(Subscriber).limit(records)).all()
        payload = [
            {"uuid": s.uuid, "no": s.subscription_no, "name": s.last_name, "debt": s.balance_rials}
            for s in subscribers
        ]
    decoded = json.loads(json.dumps({"items": payload}, ensure_ascii=False))["items"]
    with ctx.sessions() as session, session.begin():
        for item in decoded[:500]:
            session.add(OutboxEntry(record_type="bench", record_uuid=item["uuid"], payload=item))
        session.flush()
        session.execute(delete(OutboxEntry).where(OutboxEntry.record_type == "bench"))
    return len(decoded)


def _render_pdf(path: str, pages: int) -> int:
    """A PDF like a bill run: Persian text and ruled tables on A4 pages (``QPdfWriter``)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    painter = QPainter(writer)
    font = QFont("Noto Sans Arabic", 10)
    painter.setFont(font)
    width = writer.width()
    for page in range(pages):
        if page:
            writer.newPage()
        for row in range(60):
            y = 100 + row * 55
            painter.drawLine(100, y, width - 100, y)
            painter.drawText(
                QRectF(100, y, width - 200, 50),
                f"صورتحساب آب و فاضلاب — ردیف {row + 1} — مبلغ ۱٬۲۳۴٬۰۰۰ ریال",
            )
    painter.end()
    return pages


def child_stall(home: Path, seconds: float) -> None:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer

    from pishkhan.ui.worker import pending_jobs, run_in_background, wait_for_workers

    app, ctx, window = _open_desk(home)
    window.show()
    queries = _queries(ctx, 60)
    page = window.pages.get("subscribers")  # built before measuring: start-up, not load
    search = getattr(page, "search", None)
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(tick)
    heartbeat.start(HEARTBEAT_MS)

    def spin(duration: float) -> None:
        deadline = time.perf_counter() + duration
        while time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.0005)

    spin(0.5)  # the desk's own start-up work (figures) settles
    pdf = str(home / "bench-render.pdf")
    used = [0]

    def phase(searching: bool, syncing: bool, rendering: bool) -> float:
        wait_for_workers()
        spin(0.2)
        gaps.clear()
        last[0] = clock.nsecsElapsed()
        started = time.perf_counter()
        if syncing:
            run_in_background(lambda: _sync_like(ctx, 5000), lambda _n: None)
        if rendering:
            run_in_background(lambda: _render_pdf(pdf, 12), lambda _n: None, serial=False)
        while time.perf_counter() - started < seconds or pending_jobs():
            if searching and callable(search):
                window.show_page("subscribers")
                search(queries[used[0] % len(queries)])
                used[0] += 1
            spin(0.1)
            if time.perf_counter() - started > 60:
                break
        return max(gaps, default=0.0) - HEARTBEAT_MS

    result = {
        "idle_ms": phase(False, False, False),
        "search_ms": phase(True, False, False),
        "sync_ms": phase(False, True, False),
        "render_ms": phase(False, False, True),
        "loaded_ms": phase(True, True, True),
        "searches": used[0],
    }
    heartbeat.stop()
    wait_for_workers()
    print(json.dumps(result), flush=True)
    window.close()
    ctx.close()


def child_lookup(home: Path, count: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from pishkhan.services.lookup import search as service_search
    from pishkhan.ui.lookup.page import SEARCH_LIMIT
    from pishkhan.ui.worker import wait_for_workers

    app, ctx, window = _open_desk(home)
    window.show()
    page = window.pages.get("subscribers")
    model = getattr(page, "model", None)
    if page is None or not callable(getattr(page, "search", None)) or model is None:
        print(json.dumps({}), flush=True)
        return
    window.show_page("subscribers")
    queries = _queries(ctx, count)
    shown: list[float] = []
    loop = QEventLoop()
    model.modelReset.connect(loop.quit)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    for query in queries:
        # From an idle desk, as a clerk's Enter comes: the previous answer (and the file it
        # opened) has been delivered and shown.
        wait_for_workers()
        app.processEvents()
        limit.start(10_000)
        started = time.perf_counter()
        page.search(query)
        loop.exec()  # the GUI thread waits in its event loop, as in the desk, until the reset
        app.processEvents()  # the table repaints with the results
        shown.append((time.perf_counter() - started) * 1000)
        limit.stop()
        page.show_results()
    alone: list[float] = []
    user = window.user
    with ctx.sessions() as session:
        for query in queries:
            started = time.perf_counter()
            service_search(session, user, query, SEARCH_LIMIT)
            alone.append((time.perf_counter() - started) * 1000)
    wait_for_workers()
    print(json.dumps({"shown": shown, "alone": alone}), flush=True)
    window.close()
    ctx.close()
