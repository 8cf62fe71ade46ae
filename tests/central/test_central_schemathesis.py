"""schemathesis against the server's own OpenAPI document: no 5xx, answers conform.

In-process (ASGI) on a seeded SQLite file; a desk token for ``/api/v1`` and the admin token for
``/api/v1/admin``. Bounded (few examples per operation) so it stays quick in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from pishkhan.central.app import create_app

ADMIN = "schemathesis-admin"
SECRET = "schemathesis-secret"
EXAMPLES = 15


@pytest.fixture(scope="module")
def central_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    home: Path = tmp_path_factory.mktemp("schemathesis")
    app = create_app(
        f"sqlite:///{home / 'central.sqlite3'}",
        seed_subscribers=60,
        registration_secret=SECRET,
        admin_token=ADMIN,
    )
    with TestClient(app) as http:
        answer = http.post(
            "/api/v1/desks/register", json={"branch_code": 1101, "desk_no": 1, "secret": SECRET}
        )
        assert answer.status_code == 200, answer.text
        app.state.test_desk_token = answer.json()["token"]
    yield app
    app.state.engine.dispose()


def operations(app: FastAPI) -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the document itself must load
        found.append(result.ok())
    return found


def test_no_server_error_and_answers_conform(central_app: FastAPI) -> None:
    """Every operation, with generated valid and invalid input (schemathesis' own strategies;
    driven through hypothesis here because its pytest plugin does not load on pytest 9)."""
    desk_token = central_app.state.test_desk_token
    excluded = [
        schemathesis.checks.ignored_auth,  # every operation shares one bearer scheme
        schemathesis.checks.positive_data_acceptance,  # e.g. an unknown subscriber: 404
    ]
    failures: list[str] = []
    for operation in operations(central_app):
        token = ADMIN if operation.path.startswith("/api/v1/admin") else desk_token

        try:
            _explore(operation, {"Authorization": f"Bearer {token}"}, excluded)
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)


def _explore(
    operation: schemathesis.APIOperation,
    headers: dict[str, str],
    excluded: list[schemathesis.CheckFunction],
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy())
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()
