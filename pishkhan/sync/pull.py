"""Pull: the subscriber feed, page by page, each page applied with its cursor in one transaction.

The server wins, except for a subscriber with a local edit still pending in the outbox (record
type ``subscriber``). Tombstones mark the local subscriber ``closed`` (money rows point at it,
so it is never deleted).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import Connection, select, update

from pishkhan.store.dialect import adapter_for, begin_write
from pishkhan.store.models import Subscriber, SyncCursor, utcnow
from pishkhan.sync import schemas as api
from pishkhan.sync.apply import apply_subscribers_bulk, pending_local_edits
from pishkhan.sync.reports import PullReport
from pishkhan.sync.wire import UNREADABLE, CallFailed, call

if TYPE_CHECKING:
    from pishkhan.sync.client import SyncClient

SUBSCRIBER_FEED = "subscribers"


class Puller:
    """The pull half of :class:`~pishkhan.sync.client.SyncClient`."""

    def __init__(self, owner: SyncClient) -> None:
        self.owner = owner

    def pull(self, headers: dict[str, str], report: PullReport, max_pages: int | None) -> None:
        """Apply pages until the feed has no more; the next page is fetched while one is applied.

        Into an empty store the search index is suspended: a thread indexes each committed page
        on another core and its index is copied in at the end, or the index is rebuilt once if
        anything else changed the rows meanwhile (either is about three times cheaper than
        keeping it current row by row); also when the pull stops early.
        """
        engine = self.owner.ctx.engine
        adapter = adapter_for(engine)
        with engine.connect() as conn:  # one connection for the whole pull
            with self.owner.ctx.sessions(bind=conn) as session, session.begin():
                begin_write(session)
                if session.scalar(select(Subscriber.id).limit(1)) is None:
                    adapter.suspend_search_index(session.connection())
            follower = adapter.follow_search_index(engine)  # indexes committed pages meanwhile
            try:
                with (
                    adapter.importing(conn, checkpoint_elsewhere=follower is not None),
                    ThreadPoolExecutor(1, thread_name_prefix="pishkhan-feed") as fetcher,
                ):
                    ahead = fetcher.submit(self.fetch_page, headers, self.cursor())
                    while True:
                        page = ahead.result()
                        last = not page.has_more or (
                            max_pages is not None and report.pages + 1 >= max_pages
                        )
                        if not last:
                            ahead = fetcher.submit(self.fetch_page, headers, page.next_cursor)
                        self.apply_page(page, report, conn)
                        report.pages += 1
                        if follower is not None:
                            follower.catch_up()
                        if last:
                            break
            finally:
                adapter.finish_search_index(engine, follower)

    def cursor(self, feed: str = SUBSCRIBER_FEED) -> str | None:
        with self.owner.ctx.sessions() as session:
            row = session.get(SyncCursor, feed)
            return row.cursor if row else None

    def fetch_page(self, headers: dict[str, str], cursor: str | None) -> api.FeedPage:
        owner = self.owner
        params: dict[str, str | int] = {"limit": owner.feed_page}
        if cursor:
            params["cursor"] = cursor
        answer = call(
            owner.http,
            "GET",
            owner.base_url + "/subscribers/feed",
            headers=headers,
            params=params,
            invalid=frozenset(),
            on_auth_error=owner.token_refused,
        )
        try:
            return api.FeedPage.model_validate_json(answer.content)
        except ValidationError as exc:
            raise CallFailed(UNREADABLE) from exc

    def apply_page(
        self, page: api.FeedPage, report: PullReport, conn: Connection | None = None
    ) -> None:
        """Apply one page in bulk and save its cursor in the same transaction (on ``conn``)."""
        numbers = [s.subscription_no for s in page.items] + list(page.tombstones)
        sessions = self.owner.ctx.sessions
        with sessions(bind=conn) if conn is not None else sessions() as session, session.begin():
            begin_write(session)
            local = {
                no: (str(suuid), status)
                for no, suuid, status in session.execute(
                    select(Subscriber.subscription_no, Subscriber.uuid, Subscriber.status).where(
                        Subscriber.subscription_no.in_(numbers)
                    )
                )
            }
            edited = pending_local_edits(session, [u for u, _ in local.values()])
            applied, skipped = apply_subscribers_bulk(session, page.items, edited)
            report.applied += applied
            report.skipped += skipped
            closing = [
                no
                for no in page.tombstones
                if no in local and local[no][0] not in edited and local[no][1] != "closed"
            ]
            if closing:
                session.execute(
                    update(Subscriber)
                    .where(Subscriber.subscription_no.in_(closing))
                    .values(status="closed", updated_at=utcnow())
                )
                report.removed += len(closing)
            cursor = session.get(SyncCursor, SUBSCRIBER_FEED)
            if cursor is None:
                session.add(SyncCursor(feed=SUBSCRIBER_FEED, cursor=page.next_cursor))
            else:
                cursor.cursor, cursor.updated_at = page.next_cursor, utcnow()
