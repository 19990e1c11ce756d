"""``python -m mixdown.healthcheck``, the images' Docker HEALTHCHECK (SERVING is covered by
test_entrypoints.py, against the real services)."""

from __future__ import annotations

import pytest

from mixdown import healthcheck
from mixdown_dev.procs import free_port


def test_port_comes_from_the_service_variable():
    assert healthcheck.grpc_port_from_env("text_control", {"MIXDOWN_TEXT_CONTROL_GRPC_PORT": "50055"}) == 50055
    assert healthcheck.grpc_port_from_env("text-control", {"MIXDOWN_TEXT_CONTROL_GRPC_PORT": " 7 "}) == 7


@pytest.mark.parametrize("environ, message", [
    ({}, "MIXDOWN_QC_GRPC_PORT is not set"),
    ({"MIXDOWN_QC_GRPC_PORT": "abc"}, "is not a port number"),
    ({"MIXDOWN_QC_GRPC_PORT": "70000"}, "outside 1-65535"),
])
def test_bad_port_variable_is_named(environ, message):
    with pytest.raises(ValueError, match=message):
        healthcheck.grpc_port_from_env("qc", environ)


def test_usage_error_exits_2(monkeypatch, capsys):
    monkeypatch.delenv("MIXDOWN_QC_GRPC_PORT", raising=False)
    assert healthcheck.main(["qc"]) == 2
    assert "MIXDOWN_QC_GRPC_PORT" in capsys.readouterr().err


def test_nothing_listening_exits_1(capsys):
    assert healthcheck.main(["qc", "--port", str(free_port()), "--timeout-seconds", "0.5"]) == 1
    assert "health check of 127.0.0.1" in capsys.readouterr().err
