"""The desk window syncing in the background against a real central server process."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QFileDialog, QTableWidget
from pytestqt.qtbot import QtBot

from pishkhan.domain.ids import ServiceType, make_bill_id, make_payment_id
from pishkhan.services.context import AppContext
from pishkhan.services.embedded import EmbeddedCentral
from pishkhan.services.payments import business_day, record_bill_payment
from pishkhan.sync.client import SyncClient
from pishkhan.ui.main_window import MainWindow
from pishkhan.ui.sync import SyncOutcome, SyncRunner, client_factory, install_sync
from pishkhan.ui.sync.install import presenter_of

from .conftest import Central, MemoryKeyring, configured_factory, free_port

PERSIAN = re.compile(r"[\u0600-\u06FF]")
WAIT_MS = 90_000


@pytest.fixture
def runners() -> Iterator[list[SyncRunner]]:
    made: list[SyncRunner] = []
    yield made
    for runner in made:
        runner.stop()


def idle(runner: SyncRunner) -> bool:
    return not runner.running and not runner.view.connecting


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    cell = table.item(row, column)
    assert cell is not None
    return cell.text()


def press_f9(qtbot: QtBot, window: MainWindow, runner: SyncRunner) -> None:
    with qtbot.waitSignal(runner.sync_finished, timeout=WAIT_MS):
        qtbot.keyClick(window.navigation, Qt.Key.Key_F9)


def reconciliation(central: Central, desk_no: int, day: dt.date) -> dict[str, Any]:
    with central.api(desk_no) as api:
        answer = api.get(f"/reconciliation/{day.isoformat()}")
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result


def test_payment_taken_while_the_server_is_down_arrives_once(
    window: MainWindow,
    desk: AppContext,
    central: Central,
    unpaid_bills: list[dict[str, Any]],
    memory_keyring: MemoryKeyring,
    runners: list[SyncRunner],
    qtbot: QtBot,
) -> None:
    desk.config.raw["desk"]["desk_no"] = 11
    runner = install_sync(window, desk, configured_factory(desk, central.url), interval_s=3600)
    runners.append(runner)
    indicator = window.top_bar.sync_indicator
    qtbot.waitUntil(lambda: idle(runner) and runner.view.online is True, timeout=WAIT_MS)
    assert indicator.online and indicator.text() == "آنلاین — همه ارسال شده"

    central.stop()
    bill = unpaid_bills.pop()
    paid_at = dt.datetime.now(dt.UTC)
    record_bill_payment(
        desk.sessions,
        bill_id=bill["bill_id"],
        payment_id=bill["payment_id"],
        method="cash",
        now=paid_at,
    )
    press_f9(qtbot, window, runner)
    assert runner.view.online is False and runner.view.waiting == 1
    assert not indicator.online and "آفلاین" in indicator.text() and "۱" in indicator.text()
    assert PERSIAN.search(indicator.toolTip())

    central.start()
    press_f9(qtbot, window, runner)
    assert runner.view.online is True and runner.view.waiting == 0
    assert indicator.online and indicator.text() == "آنلاین — همه ارسال شده"
    assert runner.view.last_sync_at is not None
    field = presenter_of(runner).field
    assert "آخرین" in field.last_label.text()

    press_f9(qtbot, window, runner)  # nothing more goes out
    day = business_day(paid_at)
    totals = reconciliation(central, 11, day)
    assert totals["desk_payments_count"] == 1
    assert totals["desk_payments_sum_rials"] == bill["payable_rials"]


def test_attention_is_listed_retried_and_unsent_records_exported(
    window: MainWindow,
    desk: AppContext,
    central: Central,
    memory_keyring: MemoryKeyring,
    runners: list[SyncRunner],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk.config.raw["desk"]["desk_no"] = 12
    bill_id = make_bill_id(9_876_543, 476, ServiceType.WATER)  # no such bill centrally
    payment = record_bill_payment(
        desk.sessions,
        bill_id=bill_id,
        payment_id=make_payment_id(bill_id, 1_250_000, 1404, 3),
        method="cash",
    )
    runner = install_sync(window, desk, configured_factory(desk, central.url), interval_s=3600)
    runners.append(runner)
    qtbot.waitUntil(lambda: idle(runner) and len(runner.view.attention) == 1, timeout=WAIT_MS)
    [item] = runner.view.attention
    assert item.reason and PERSIAN.search(item.reason)
    presenter = presenter_of(runner)
    assert presenter.field.attention_button.isVisible()
    assert "۱" in presenter.field.attention_button.text()

    # Clicking the indicator opens the sync dialog with the attention list.
    qtbot.mouseClick(window.top_bar.sync_indicator, Qt.MouseButton.LeftButton)
    dialog = presenter.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 1
    assert cell_text(dialog.table, 0, 1) == str(payment.uuid)
    assert cell_text(dialog.table, 0, 3) == item.reason
    assert PERSIAN.search(dialog.windowTitle())

    # Retry: sent again, refused again for the same reason, still listed.
    dialog.table.selectionModel().select(
        dialog.table.model().index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert dialog.retry_button.isEnabled()
    with qtbot.waitSignal(runner.sync_finished, timeout=WAIT_MS) as finished:
        dialog.retry_button.click()
    assert finished.args[0].push.attention == 1
    qtbot.waitUntil(lambda: len(runner.view.attention) == 1, timeout=WAIT_MS)

    # Export through the file dialog.
    target = tmp_path / "unsent.json"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kw: (str(target), ""))
    )
    with qtbot.waitSignal(runner.export_finished, timeout=WAIT_MS):
        dialog.export_button.click()
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [r["record_uuid"] for r in document["records"]] == [str(payment.uuid)]
    assert "۱" in dialog.message_label.text() and str(target) in dialog.message_label.text()


def test_embedded_default_syncs_the_window(
    window: MainWindow,
    desk: AppContext,
    runners: list[SyncRunner],
    qtbot: QtBot,
) -> None:
    embedded = EmbeddedCentral.for_context(desk)
    assert embedded is not None
    embedded.start()
    try:
        runner = install_sync(window, desk, client_factory(desk, embedded), interval_s=3600)
        runners.append(runner)
        assert runner.view.connecting
        qtbot.waitUntil(lambda: idle(runner), timeout=WAIT_MS)
        assert runner.view.online is True, runner.view.last_error
        assert window.top_bar.sync_indicator.online
        runner.stop()  # also stops the embedded server
        assert embedded.process is None
    finally:
        embedded.stop()


def test_syncs_asked_for_during_a_sync_run_once_after_it(
    window: MainWindow,
    desk: AppContext,
    memory_keyring: MemoryKeyring,
    runners: list[SyncRunner],
    qtbot: QtBot,
) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens: the link is down

    def factory() -> SyncClient:
        client = SyncClient(desk, url)
        client.tokens.set("a-token-from-an-earlier-registration")
        return client

    bill_id = make_bill_id(1_234_567, 476, ServiceType.WATER)
    record_bill_payment(
        desk.sessions,
        bill_id=bill_id,
        payment_id=make_payment_id(bill_id, 2_000_000, 1404, 4),
        method="cash",
    )
    runner = install_sync(window, desk, factory, interval_s=3600, start=False)
    runners.append(runner)
    finished: list[SyncOutcome] = []
    runner.sync_finished.connect(finished.append)
    runner.start()
    runner.request_sync()
    runner.request_sync()
    assert runner.running
    qtbot.waitUntil(lambda: len(finished) == 2 and not runner.running, timeout=WAIT_MS)
    assert len(finished) == 2  # one run, then the two requests made during it as one
    assert all(o.push is not None and o.push.deferred == 1 for o in finished)
    assert runner.view.online is False and runner.view.waiting == 1
    indicator = window.top_bar.sync_indicator
    assert "آفلاین" in indicator.text() and "۱" in indicator.text()
    assert runner.view.last_error and PERSIAN.search(runner.view.last_error)
