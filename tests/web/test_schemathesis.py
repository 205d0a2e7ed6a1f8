"""Property-based checks of the whole API against its own OpenAPI schema, over real HTTP (schemathesis):
no 5xx, and every answer matches what the schema declares (status code, content type, body).

schemathesis' pytest plugin does not run under pytest 9.2 (it reads a removed node attribute), so the
operations are driven here through its public API: one Hypothesis run per operation and mode."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.conftest import Server

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 15  # per operation and mode: the run stays well under two minutes


@pytest.fixture(scope="module")
def fuzzed_server(start_server: Any) -> Server:
    """A server of its own: generated requests add users, confirm and merge incidents."""
    return start_server()


def test_api_keeps_its_contract(fuzzed_server: Server) -> None:
    auth = {"Authorization": f"Bearer {fuzzed_server.tokens['admin']}"}
    schema = schemathesis.openapi.from_url(f"{fuzzed_server.url}/openapi.json", headers=auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures: list[str] = []
    for operation in operations:
        if operation.path.endswith("/disable"):
            continue  # disabling the admin would lock the run out; covered in test_auth
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                case.call_and_validate(base_url=fuzzed_server.url, headers=auth, checks=CHECKS, timeout=30)

            try:
                run()
            except Unsatisfiable:  # no parameter to make invalid (e.g. GET /api/v1/me)
                assert mode is GenerationMode.NEGATIVE, operation.label
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.label} ({mode}): {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
