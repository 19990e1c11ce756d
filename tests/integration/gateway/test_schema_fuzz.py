"""Schemathesis against the gateway's OpenAPI schema: a live gateway (uvicorn on loopback) on a
real nats-server and a local store, every operation fuzzed from the schema it publishes.

Checks, on every generated request: no server error, a status code the operation documents,
a documented content type, and a body that conforms to the documented schema. Operations
with a ``job_id`` run twice: on generated ids (not found) and, reads and cancellation, on a
real finished mix job, so that the success responses are checked too (a POST there could
start a revision, which no worker would finish). Bounded: a few dozen examples per operation.
"""

from __future__ import annotations

import threading

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mixdown_dev.procs import free_port, start_nats, wait_for_port
from mixdown_gateway.app import create_app
from mixdown_gateway.settings import GatewaySettings
from tests.integration.gateway.test_hostile_inputs import (
    auth_headers,
    gateway_test_settings,
    make_finished_job,
    open_client,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """A live gateway with one finished mix job; yields (base URL, auth headers, job id)."""
    nats = start_nats(tmp_path_factory.mktemp("nats"))
    settings_ = gateway_test_settings(tmp_path_factory.mktemp("gateway"), nats.url, max_upload_bytes=1 << 20,
                                      max_request_bytes=4 << 20)
    with open_client(settings_) as client:
        job_id = make_finished_job(client)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings_), host="127.0.0.1", port=port, log_config=None,
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}", auth_headers(settings_), job_id
    finally:
        server.should_exit = True
        thread.join(10)
        nats.stop()


def _published_schema() -> dict:
    """The schema the gateway serves at /openapi.json (built without starting the app)."""
    return create_app(GatewaySettings(grpc_enabled=False)).openapi()


schema = schemathesis.openapi.from_dict(_published_schema())


def test_the_fuzzed_schema_is_the_one_served(gateway):
    base_url, _, _ = gateway
    served = httpx.get(f"{base_url}/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == schema.raw_schema
    assert len(schema.raw_schema["paths"]) >= 15


@schema.parametrize()
@FUZZ
def test_every_operation_answers_as_documented(case, gateway):
    base_url, headers, _ = gateway
    case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=10)


@schema.include(path_regex=r"\{job_id\}").exclude(method="POST").parametrize()
@FUZZ
def test_operations_on_a_finished_job_answer_as_documented(case, gateway):
    base_url, headers, job_id = gateway
    case.path_parameters["job_id"] = job_id
    case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=10)
