"""API keys: every /v1 route needs one; keys are stored hashed in NATS; the CLI makes and revokes
them; the development key belongs to the default tenant. TestClient against a real nats-server."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from mixdown.apikeys import new_api_key
from mixdown_gateway.access import kv
from mixdown_gateway.app import create_app
from mixdown_gateway.settings import GatewaySettings
from tests.auth import api_client, bearer, without_key
from tests.integration.access_helpers import call, new_key

OPEN_PATHS = ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs")


def _concrete(path: str) -> str:
    """A template path with plausible values (a job id that exists for no one)."""
    values = {"job_id": "0" * 32, "artifact": "master", "name": "vocals", "revision": "0"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x"), path)


def test_every_v1_route_refuses_a_request_without_a_key(client):
    paths = client.get("/openapi.json").json()["paths"]
    routes = [(method.upper(), path) for path, methods in paths.items() if path.startswith("/v1")
              for method in methods]
    assert {("POST", "/v1/jobs"), ("GET", "/v1/jobs/{job_id}/download/{artifact}"), ("GET", "/v1/usage"),
            ("POST", "/v1/jobs/{job_id}/links"), ("GET", "/v1/presets"), ("POST", "/v1/separations"),
            ("GET", "/v1/jobs/{job_id}/events"), ("POST", "/v1/text-control/parse")} <= set(routes), routes
    with without_key(client) as anonymous:
        for method, path in routes:
            response = anonymous.request(method, _concrete(path))
            assert response.status_code == 401, (method, path, response.status_code, response.text)
            assert response.headers["www-authenticate"] == "Bearer", (method, path)
            assert "missing API key" in response.json()["detail"], (method, path)
    # the same routes pass authentication with the key (then answer for their own reasons)
    for method, path in routes:
        assert client.request(method, _concrete(path)).status_code != 401, (method, path)


def test_health_metrics_docs_and_web_ui_stay_open(client):
    with without_key(client) as anonymous:
        for path in OPEN_PATHS:
            assert anonymous.get(path).status_code == 200, path
        for path in ("/", "/static/app.js", "/static/nothing-here.css"):
            assert anonymous.get(path).status_code != 401, path
    security = client.get("/openapi.json").json()
    assert security["components"]["securitySchemes"]["ApiKey"] == {
        "type": "http", "scheme": "bearer", "description": security["components"]["securitySchemes"]["ApiKey"][
            "description"]}
    assert security["paths"]["/v1/jobs/{job_id}"]["get"]["security"] == [{"ApiKey": []}]


def test_malformed_unknown_and_wrongly_sent_keys_get_401_saying_why(client):
    good = client.headers["authorization"].removeprefix("Bearer ")
    cases = [
        ({"Authorization": "Bearer not-a-key"}, "malformed API key"),
        (bearer(new_api_key()), "invalid API key"),
        (bearer(good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")), "invalid API key"),  # right id
        ({"Authorization": f"Basic {good}"}, "must use the Bearer scheme"),
        ({"Authorization": good}, "must use the Bearer scheme"),
    ]
    for headers, reason in cases:
        response = client.get("/v1/usage", headers=headers)  # replaces the client's own Authorization
        assert response.status_code == 401, (headers, response.text)
        assert reason in response.json()["detail"], (headers, response.json())
        assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert client.get("/v1/usage").status_code == 200


def test_the_development_key_is_the_default_tenant_on_enterprise(client, gateway_settings):
    usage = client.get("/v1/usage")
    assert usage.status_code == 200, usage.text
    body = usage.json()
    assert (body["tenant"], body["plan"], body["songs_limit"], body["drum_separation"]) == (
        "local", "enterprise", None, True)
    records = call(client, client.app.state.access.keys.list, "local")
    assert [(r.tenant, r.plan, r.revoked) for r in records] == [("local", "enterprise", False)]


def test_keys_are_stored_hashed_and_revocation_is_seen_at_once(client):
    headers = new_key(client, "acme", "pro")
    key = headers["Authorization"].removeprefix("Bearer ")
    assert client.get("/v1/usage", headers=headers).json()["tenant"] == "acme"

    key_id = key.split("_")[1]
    bucket = call(client, kv.open_bucket, client.app.state.bus.js, kv.KEY_BUCKET)
    stored = call(client, bucket.get, key_id).value.decode()
    assert key not in stored and key.split("_", 2)[2] not in stored
    assert json.loads(stored)["key_sha256"] == hashlib.sha256(key.encode()).hexdigest()
    assert json.loads(stored)["tenant"] == "acme" and json.loads(stored)["plan"] == "pro"

    call(client, client.app.state.access.keys.revoke, key_id)
    refused = client.get("/v1/usage", headers=headers)
    assert refused.status_code == 401 and f"API key {key_id} was revoked" in refused.json()["detail"]
    assert client.get("/v1/usage").status_code == 200  # the other keys are untouched


def test_a_revoked_development_key_stays_revoked_when_the_gateway_restarts(gateway_settings):
    key_id = gateway_settings.dev_api_key.split("_")[1]
    with api_client(gateway_settings) as first:
        call(first, first.app.state.access.keys.revoke, key_id)
    with api_client(gateway_settings) as again:
        response = again.get("/v1/usage")
        assert response.status_code == 401 and "revoked" in response.json()["detail"]


def _cli(settings: GatewaySettings, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIXDOWN_")}
    env["MIXDOWN_GATEWAY_NATS_URL"] = settings.nats_url
    env["MIXDOWN_GATEWAY_NATS_CONNECT_ATTEMPTS"] = "3"
    return subprocess.run([sys.executable, "-m", "mixdown_gateway", "keys", *args], env=env, capture_output=True,
                          text=True, timeout=60)


def test_cli_creates_lists_and_revokes_keys_that_every_replica_sees(gateway_settings):
    created = _cli(gateway_settings, "create", "--tenant", "acme", "--plan", "pro", "--label", "acme CI")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert re.fullmatch(r"mdk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", key), created.stdout
    key_id = key.split("_")[1]
    assert f"id {key_id}" in created.stderr and "shown only now" in created.stderr

    listed = _cli(gateway_settings, "list", "--tenant", "acme", "--json")
    assert listed.returncode == 0, listed.stderr
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (row["id"], row["tenant"], row["plan"], row["label"], row["revoked"]) == (
        key_id, "acme", "pro", "acme CI", False)
    assert "key_sha256" not in row and key not in listed.stdout

    with api_client(gateway_settings, key) as replica_a, api_client(gateway_settings, key) as replica_b:
        assert replica_a.get("/v1/usage").json()["plan"] == "pro"
        assert replica_b.get("/v1/usage").json()["tenant"] == "acme"
        revoked = _cli(gateway_settings, "revoke", key_id)
        assert revoked.returncode == 0 and f"revoked {key_id}" in revoked.stdout, revoked.stderr
        assert replica_a.get("/v1/usage").status_code == 401
        assert replica_b.get("/v1/usage").status_code == 401

    wrong_plan = _cli(gateway_settings, "create", "--tenant", "acme", "--plan", "gold")
    assert wrong_plan.returncode == 2 and "unknown plan 'gold'" in wrong_plan.stderr
    wrong_tenant = _cli(gateway_settings, "create", "--tenant", "Acme Corp", "--plan", "pro")
    assert wrong_tenant.returncode == 2 and "tenant must match" in wrong_tenant.stderr
    unknown = _cli(gateway_settings, "revoke", "ffffffffffff")
    assert unknown.returncode == 2 and "no API key with id" in unknown.stderr


def test_settings_refuse_bad_keys_and_weak_link_secrets():
    with pytest.raises(ValidationError, match="dev_api_key must be an API key"):
        GatewaySettings(dev_api_key="letmein")
    with pytest.raises(ValidationError, match="placeholder"):
        GatewaySettings(link_secret="changeme")
    with pytest.raises(ValidationError, match="at least 24 characters"):
        GatewaySettings(link_secret="short-secret")
    key = new_api_key()
    settings = GatewaySettings(dev_api_key=key, link_secret="x" * 32)
    assert key not in repr(settings) and "x" * 32 not in repr(settings)


def test_a_gateway_without_a_development_key_accepts_only_created_keys(gateway_settings):
    settings = gateway_settings.model_copy(update={"dev_api_key": None})
    with TestClient(create_app(settings)) as client:
        assert client.get("/v1/presets").status_code == 401
        assert client.get("/v1/presets", headers=new_key(client, "solo", "basic")).status_code == 200
        assert call(client, client.app.state.access.keys.list, "local") == []
