"""A first pull into an empty desk builds the search index once, at the end; a pull stopped
early, or a process killed in the middle of one, still leaves every pulled subscriber findable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pishkhan.store import repo
from pishkhan.store.dialect import SQLiteAdapter, adapter_for
from pishkhan.store.models import Subscriber
from pishkhan.store.search import index_subscriber
from pishkhan.sync.client import SyncClient
from pishkhan.sync.reports import PullReport

from ..desks import make_desk
from .conftest import SECRET, SUBSCRIBERS, Central


def _findable(client: SyncClient) -> tuple[int, int]:
    """(pulled subscribers, those found by their full name)."""
    with client.ctx.sessions() as session:
        subscribers = list(session.scalars(select(Subscriber)))
        found = sum(
            s in repo.search_by_name(session, f"{s.first_name} {s.last_name}", limit=500)
            for s in subscribers
        )
        suspended = adapter_for(session.connection()).search_index_suspended(session.connection())
    assert not suspended
    return len(subscribers), found


def test_a_first_pull_stopped_early_leaves_what_it_pulled_findable(
    tmp_path: Path, central: Central, monkeypatch: pytest.MonkeyPatch
) -> None:
    suspended: list[int] = []
    real = SQLiteAdapter.suspend_search_index

    def spy(self: SQLiteAdapter, conn: object) -> None:
        suspended.append(1)
        real(self, conn)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteAdapter, "suspend_search_index", spy)
    ctx = make_desk(tmp_path / "desk")
    client = SyncClient(ctx, central.url, feed_page=100)
    try:
        client.register(SECRET)
        first = client.pull_once(max_pages=2)
        assert (first.ok, first.applied) == (True, 200)
        assert suspended == [1]  # an empty desk: the index waits for the end of the pull
        assert _findable(client) == (200, 200)
        rest = client.pull_once()
        assert rest.ok and rest.applied == SUBSCRIBERS - 200
        assert suspended == [1]  # not empty any more: kept current row by row
        assert _findable(client) == (SUBSCRIBERS, SUBSCRIBERS)
    finally:
        client.close()
        ctx.close()


def test_a_pull_killed_half_way_is_caught_up_by_the_next(tmp_path: Path, central: Central) -> None:
    ctx = make_desk(tmp_path / "desk")
    client = SyncClient(ctx, central.url, feed_page=100)
    try:
        client.register(SECRET)
        # What a process killed after its first page leaves behind: the index suspended, one
        # page committed with its cursor, no catch-up.
        with ctx.sessions() as session, session.begin():
            conn = session.connection()
            adapter_for(conn).suspend_search_index(conn)
        page = client._puller.fetch_page(client._headers(), None)
        client._puller.apply_page(page, PullReport())
        with ctx.sessions() as session:
            one = session.scalars(select(Subscriber)).first()
            assert one is not None
            assert one not in repo.search_by_name(session, f"{one.first_name} {one.last_name}")
        report = client.pull_once()
        assert report.ok and report.applied == SUBSCRIBERS - 100
        assert _findable(client) == (SUBSCRIBERS, SUBSCRIBERS)
    finally:
        client.close()
        ctx.close()


def _count_rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    rebuilds: list[int] = []
    real = SQLiteAdapter.rebuild_search_index

    def spy(self: SQLiteAdapter, conn: object) -> None:
        rebuilds.append(1)
        real(self, conn)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteAdapter, "rebuild_search_index", spy)
    return rebuilds


def test_a_first_pull_copies_the_index_built_alongside(
    tmp_path: Path, central: Central, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_desk(tmp_path / "desk")
    rebuilds = _count_rebuilds(monkeypatch)
    client = SyncClient(ctx, central.url, feed_page=70)
    try:
        client.register(SECRET)
        assert client.pull_once().applied == SUBSCRIBERS
        assert rebuilds == []  # built page by page on another thread, then copied in
        assert _findable(client) == (SUBSCRIBERS, SUBSCRIBERS)
        assert not list(tmp_path.glob("desk/*-search-follow"))  # the scratch file is gone
        with ctx.sessions() as session:  # the index agrees with its content, row for row
            session.connection().exec_driver_sql(
                "INSERT INTO subscriber_fts(subscriber_fts, rank) VALUES ('integrity-check', 1)"
            )
    finally:
        client.close()
        ctx.close()


def test_a_name_edited_during_a_first_pull_is_found_by_its_new_name(
    tmp_path: Path, central: Central, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_desk(tmp_path / "desk")
    client = SyncClient(ctx, central.url, feed_page=100)
    real_apply = client._puller.apply_page
    edited: list[int] = []

    def apply_then_edit(page: object, report: PullReport, conn: object = None) -> None:
        real_apply(page, report, conn)  # type: ignore[arg-type]
        if not edited:  # a clerk corrects a name between two pages
            with ctx.sessions() as session, session.begin():
                one = session.scalars(select(Subscriber).order_by(Subscriber.id)).first()
                assert one is not None
                one.first_name = "کیخسرو"
                index_subscriber(session, one)
                edited.append(one.id)

    monkeypatch.setattr(client._puller, "apply_page", apply_then_edit)
    try:
        client.register(SECRET)
        assert client.pull_once().applied == SUBSCRIBERS
        with ctx.sessions() as session:
            found = repo.search_by_name(session, "کیخسرو")
            assert [s.id for s in found] == edited
            session.connection().exec_driver_sql(
                "INSERT INTO subscriber_fts(subscriber_fts, rank) VALUES ('integrity-check', 1)"
            )
        assert _findable(client) == (SUBSCRIBERS, SUBSCRIBERS)
    finally:
        client.close()
        ctx.close()
