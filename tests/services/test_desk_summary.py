"""Today's figures on the desk page, against what the demo generator says it wrote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pishkhan.config import Config
from pishkhan.demo.generator import DemoGenerator, DemoSpec
from pishkhan.demo.loader import load_demo_data
from pishkhan.domain.requests import Stage
from pishkhan.services.desk import desk_summary
from pishkhan.store.db import make_engine, session_factory, sqlite_url
from pishkhan.store.models import OutboxEntry

TODAY = dt.date(2026, 11, 25)


def test_desk_figures_match_the_generated_data(tmp_path: Path) -> None:
    config = Config()
    engine = make_engine(sqlite_url(tmp_path / "desk.db"))
    load_demo_data(engine, subscribers=300, seed=9, config=config, today=TODAY, workers=0)
    spec = DemoSpec.from_config(config, subscribers=300, seed=9, today=TODAY)
    accounts = [a for block in DemoGenerator(spec).blocks() for a in block.accounts]
    requests = [r for block in DemoGenerator(spec).blocks() for r in block.requests]
    owing = [a.balance_rials for a in accounts if a.balance_rials > 0]
    still_open = [r for r in requests if r.stage not in (Stage.CLOSED.value, Stage.REJECTED.value)]

    with session_factory(engine)() as session:
        summary = desk_summary(session)
        assert summary.subscribers == 300
        assert summary.debtors == len(owing) > 0
        assert summary.total_debt_rials == sum(owing)
        assert summary.open_requests == len(still_open)
        assert summary.unsent_records == 0

        session.add(OutboxEntry(record_type="payment", record_uuid="u-1", payload={}))
        session.commit()
        assert desk_summary(session).unsent_records == 1
    engine.dispose()
