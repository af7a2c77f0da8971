"""schemathesis against the OpenAPI schema: generated requests never crash the server
and every answer matches the schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from followup.bootstrap import App
from followup.web import create_app
from tests.e2e.web.conftest import BASE, NOW, Client, debrief, make_app

# One app for the whole module, seeded once: each generated case runs against it.
_state: dict[str, Any] = {}


def _asgi(home: Path) -> Any:
    from followup.adapters.clock import FixedClock

    app = make_app(FixedClock(NOW), home)
    asgi = create_app(app)
    with Client(asgi, base_url=BASE) as client:
        client.api("POST", "/api/interviews", json=debrief(NOW - timedelta(hours=3)))
        _state["cookie"] = client.cookies.get("followup_session")
        _state["csrf"] = client.csrf
    _state["app"] = app
    return asgi


@pytest.fixture(scope="module", autouse=True)
def _close() -> Iterator[None]:
    yield
    app: App | None = _state.get("app")
    if app is not None:
        app.close()


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    asgi = _asgi(tmp_path_factory.mktemp("schemathesis-home"))
    return schemathesis.openapi.from_asgi(
        "/api/openapi.json", asgi, headers={"Host": "127.0.0.1:8765"}
    )


def test_api_conforms_to_its_schema(api_schema: Any) -> None:
    headers = {
        "Host": "127.0.0.1:8765",
        "X-CSRF-Token": _state["csrf"],
        "Cookie": f"followup_session={_state['cookie']}",
    }
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            # The domain checks more than a schema can say (real zones, email addresses,
            # stages), so a schema-valid body may still get a clear 422.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
