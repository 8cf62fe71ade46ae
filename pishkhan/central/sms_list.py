"""Print the SMS queue of a central database: ``python -m pishkhan.central.sms_list DB_URL``.

What the reference server would have texted (:mod:`pishkhan.central.sms`), newest first,
optionally of one subscription number.
"""

from __future__ import annotations

import sys
import threading

from pishkhan.central import db
from pishkhan.central.sms import MAX_LIST, SmsQueueStore


def main(argv: list[str] | None = None) -> int:
    """Print the SMS queue of a central database: ``python -m pishkhan.central.sms_list DB_URL``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(
            "usage: python -m pishkhan.central.sms_list DB_URL [SUBSCRIPTION_NO]", file=sys.stderr
        )
        return 2
    engine = db.open_engine(args[0])
    try:
        store = SmsQueueStore(engine, threading.Lock())
        items = store.listing(args[1] if len(args) > 1 else None, MAX_LIST).items
        print(f"{len(items)} SMS in the queue")
        for item in items:
            print(f"#{item.id} {item.queued_at:%Y-%m-%d %H:%M} {item.desk} → {item.mobile}")
            print(item.text)
            print()
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
