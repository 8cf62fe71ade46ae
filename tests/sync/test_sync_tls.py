"""TLS: ``pishkhan central serve --certfile --keyfile`` and a desk that trusts a private CA."""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pishkhan.services.context import AppContext
from pishkhan.sync.client import SyncClient, SyncError
from tests.central.server import CentralProcess

from .conftest import SECRET, make_desk
from .tlscerts import TlsFiles, make_tls_files


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_central(
    tls: TlsFiles, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CentralProcess]:
    server = CentralProcess(
        tmp_path_factory.mktemp("central-tls"),
        subscribers=60,
        secret=SECRET,
        extra_args=("--certfile", str(tls.cert), "--keyfile", str(tls.key)),
        scheme="https",
    )
    server.start(verify=ssl.create_default_context(cafile=str(tls.ca)))
    try:
        yield server
    finally:
        server.stop()


def _desk(root: Path, ca_file: str) -> AppContext:
    ctx = make_desk(root)
    ctx.config.raw["central"]["ca_file"] = ca_file
    return ctx


def test_a_desk_trusting_the_ca_syncs_over_https(
    tmp_path: Path, tls: TlsFiles, https_central: CentralProcess
) -> None:
    from pishkhan.services.payments import record_bill_payment

    ctx = _desk(tmp_path / "desk", str(tls.ca))
    sync = SyncClient(ctx, https_central.url)
    try:
        assert sync.register(SECRET) == "1101-01"
        pulled = sync.pull_once()
        assert pulled.ok and pulled.applied == 60, pulled
        bill = _unpaid_bill(https_central, sync, tls.ca)
        record_bill_payment(
            ctx.sessions,
            bill_id=bill["bill_id"],
            payment_id=bill["payment_id"],
            method="card",
            now=dt.datetime(2031, 2, 1, 8, tzinfo=dt.UTC),
        )
        report = sync.push_once()
        assert report.ok and report.accepted == 1, report
    finally:
        sync.close()
        ctx.close()


def test_a_desk_without_the_ca_refuses_the_server(
    tmp_path: Path, https_central: CentralProcess
) -> None:
    ctx = _desk(tmp_path / "desk", "")
    sync = SyncClient(ctx, https_central.url)
    try:
        with pytest.raises(SyncError) as refused:
            sync.register(SECRET)
        assert "ConnectError" in str(refused.value)
        assert isinstance(refused.value.__cause__, httpx.ConnectError)
        assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value.__cause__)
    finally:
        sync.close()
        ctx.close()


def test_a_missing_ca_file_is_a_clear_error(tmp_path: Path) -> None:
    ctx = _desk(tmp_path / "desk", str(tmp_path / "no-such-ca.pem"))
    try:
        with pytest.raises(SyncError, match="ca_file"):
            SyncClient(ctx, "https://127.0.0.1:9")
    finally:
        ctx.close()


def _unpaid_bill(server: CentralProcess, sync: SyncClient, ca: Path) -> dict[str, Any]:
    token = sync.tokens.get()
    with httpx.Client(
        base_url=server.url + "/api/v1",
        headers={"Authorization": f"Bearer {token}"},
        verify=ssl.create_default_context(cafile=str(ca)),
    ) as http:
        feed = http.get("/subscribers/feed", params={"limit": 1000}).json()
        for item in feed["items"]:
            if item["balance_rials"] > 0:
                bill: dict[str, Any] = http.get(
                    f"/subscribers/{item['subscription_no']}/bills/latest"
                ).json()
                if bill["status"] == "issued" and bill["payment_id"]:
                    return bill
    raise AssertionError("no unpaid bill on the server")
