"""Webhooks: a signed POST to the job's callback_url on each terminal state, retried with backoff,
logged on the job, delivered once even with several gateway replicas. A tiny http.server on
loopback is the receiver; signatures are checked here with plain hmac, as a receiver would."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mixdown.events.codes import JobErrorCode
from mixdown.events.messages import JobError, JobRecord, JobStatus
from mixdown_dev.jobs import wait_until
from mixdown_dev.procs import free_port
from mixdown_gateway.access.webhook_deliveries import ACK_WAIT_SECONDS, Delivery, Held, LeaseLost
from mixdown_gateway.access.webhooks import _non_public_address, payload
from tests.auth import api_client
from tests.integration.access_helpers import call, end_job, finish_mix, post_mix, publish_final


class Receiver:
    """Records every POST; answers 500 to the first ``fail_first`` ones, then 200."""

    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver._lock:
                    receiver.requests.append({"at": time.time(), "path": self.path, "headers": dict(self.headers),
                                              "body": body})
                    failing = len(receiver.requests) <= receiver.fail_first
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/mixdown"

    def wait_for(self, count: int, timeout_seconds: float = 15.0) -> list[dict]:
        wait_until(lambda: len(self.requests) >= count, timeout_seconds, f"{count} webhook requests", 0.05)
        return list(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, header: str, body: bytes, tolerance_seconds: float = 300.0) -> bool:
    """What a receiver does (docs/security.md): recompute HMAC-SHA256 of "<t>.<body>", compare in
    constant time, refuse old timestamps."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    timestamp = int(fields["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"]) and abs(time.time() - timestamp) <= tolerance_seconds


@pytest.fixture
def hook_settings(gateway_settings):
    return gateway_settings.model_copy(update={
        "webhook_allow_private_hosts": True, "webhook_retry_base_seconds": 0.2, "webhook_retry_max_seconds": 1.0,
        "webhook_max_attempts": 4, "webhook_timeout_seconds": 2.0})


@pytest.fixture
def client(hook_settings):
    with api_client(hook_settings) as test_client:
        yield test_client


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def files(make_audio):
    return [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]


def _deliveries(client, job_id: str) -> list[dict]:
    answer = client.get(f"/v1/jobs/{job_id}/webhooks")
    assert answer.status_code == 200, answer.text
    return answer.json()["deliveries"]


def _settled(client, job_id: str, count: int = 1, timeout_seconds: float = 15.0) -> list[dict]:
    def settled() -> list[dict] | None:
        deliveries = _deliveries(client, job_id)
        return deliveries if len(deliveries) >= count and all(d["state"] != "pending" for d in deliveries) else None

    return wait_until(settled, timeout_seconds, f"deliveries of {job_id} settling", 0.05)


def test_a_succeeded_job_is_posted_once_signed_and_logged(client, receiver, files):
    job_id = post_mix(client, {}, files, callback_url=receiver.url).json()["id"]
    finish_mix(client, "local", job_id)
    publish_final(client, call(client, client.app.state.bus.jobs.get, "local", job_id))

    (request,) = receiver.wait_for(1)
    secret = client.get("/v1/webhook-secret").json()["secret"]
    assert secret.startswith("whsec_")
    assert request["path"] == "/hooks/mixdown"
    assert request["headers"]["Content-Type"] == "application/json"
    assert verify(secret, request["headers"]["Mixdown-Signature"], request["body"])
    assert not verify(secret, request["headers"]["Mixdown-Signature"], request["body"] + b" ")
    body = json.loads(request["body"])
    assert body["type"] == "job.succeeded" and request["headers"]["Mixdown-Event"] == "job.succeeded"
    assert body["id"] == request["headers"]["Mixdown-Delivery"]
    assert body["job"] == {"id": job_id, "kind": "mix", "status": "succeeded", "revision": 0, "error": None,
                           "artifacts": ["master", "mix", "report"]}
    assert body["tenant"] == "local"

    (delivery,) = _settled(client, job_id)
    assert (delivery["state"], delivery["revision"], delivery["event"], delivery["url"]) == (
        "delivered", 0, "job.succeeded", receiver.url)
    assert [(a["attempt"], a["status_code"], a["error"]) for a in delivery["attempts"]] == [(1, 200, "")]
    assert "owner" not in delivery and "lease_until" not in delivery

    # a revision is a new terminal state: delivered again, once
    revision = client.post(f"/v1/jobs/{job_id}/revisions", json={"overrides": {"bpm": 100}})
    assert revision.status_code == 202, revision.text
    end_job(client, "local", job_id)
    second = receiver.wait_for(2)[1]
    assert json.loads(second["body"])["job"]["revision"] == 1
    assert [d["revision"] for d in _settled(client, job_id, 2)] == [0, 1]
    time.sleep(1.5)
    assert len(receiver.requests) == 2


def _record_waits(client) -> list[float]:
    """Make the dispatcher's backoff return at once and keep the waits it asked for, in seconds."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    client.app.state.access.dispatcher.sleep = sleep
    return waits


def test_failing_receivers_are_retried_with_exponential_backoff(client, files):
    receiver = Receiver(fail_first=2)
    waits = _record_waits(client)
    try:
        job_id = post_mix(client, {}, files, callback_url=receiver.url).json()["id"]
        end_job(client, "local", job_id, JobStatus.FAILED)
        requests = receiver.wait_for(3)
        (delivery,) = _settled(client, job_id)
    finally:
        receiver.close()
    assert delivery["state"] == "delivered"
    assert [(a["status_code"], a["error"]) for a in delivery["attempts"]] == [(500, "HTTP 500"), (500, "HTTP 500"),
                                                                            (200, "")]
    assert waits == [0.2, 0.4]  # base, then twice the base
    assert len({r["headers"]["Mixdown-Delivery"] for r in requests}) == 1
    secret = client.get("/v1/webhook-secret").json()["secret"]
    assert all(verify(secret, r["headers"]["Mixdown-Signature"], r["body"]) for r in requests)
    assert json.loads(requests[-1]["body"])["type"] == "job.failed"


def test_attempts_are_bounded_and_each_failure_is_logged(client, files):
    receiver = Receiver(fail_first=100)
    waits = _record_waits(client)
    unreachable = f"http://127.0.0.1:{free_port()}/nobody-listens"
    try:
        failing = post_mix(client, {}, files, callback_url=receiver.url).json()["id"]
        refused = post_mix(client, {}, files, callback_url=unreachable).json()["id"]
        end_job(client, "local", failing)
        end_job(client, "local", refused)
        (delivery,) = _settled(client, failing)
        (nobody,) = _settled(client, refused)
        time.sleep(1.2)  # a repeated event (redelivery) would start no fifth attempt meanwhile
        assert len(receiver.requests) == 4
        assert sorted(waits) == [0.2, 0.2, 0.4, 0.4, 0.8, 0.8]  # two deliveries, each capped at max 1.0
    finally:
        receiver.close()
    assert delivery["state"] == "failed" and [a["status_code"] for a in delivery["attempts"]] == [500] * 4
    assert nobody["state"] == "failed" and len(nobody["attempts"]) == 4
    assert all(a["status_code"] is None and "refused" in a["error"].lower() for a in nobody["attempts"])
    assert delivery["finished_at"] >= delivery["attempts"][-1]["at"]


def test_cancellation_is_delivered_through_the_real_cancel_route(client, receiver, files):
    job_id = post_mix(client, {}, files, callback_url=receiver.url).json()["id"]
    assert client.delete(f"/v1/jobs/{job_id}").json()["status"] == "cancelled"
    (request,) = receiver.wait_for(1)
    assert json.loads(request["body"])["job"]["status"] == "cancelled"
    assert _settled(client, job_id)[0]["event"] == "job.cancelled"


def test_several_replicas_and_repeated_events_deliver_once(hook_settings, receiver, files):
    with api_client(hook_settings) as replica_a, api_client(hook_settings) as replica_b:
        job_id = post_mix(replica_a, {}, files, callback_url=receiver.url).json()["id"]
        record = end_job(replica_b, "local", job_id)
        publish_final(replica_a, record)
        publish_final(replica_b, record)
        receiver.wait_for(1)
        time.sleep(2.0)
        assert len(receiver.requests) == 1
        (delivery,) = _settled(replica_a, job_id)
        assert len(delivery["attempts"]) == 1


def test_a_replica_that_stops_mid_retries_hands_the_delivery_over(hook_settings, files):
    slow = hook_settings.model_copy(update={"webhook_retry_base_seconds": 30.0, "webhook_retry_max_seconds": 30.0})
    receiver = Receiver(fail_first=1)
    with ExitStack() as stack_a, receiver_closed(receiver):
        replica_a = stack_a.enter_context(api_client(slow))
        job_id = post_mix(replica_a, {}, files, callback_url=receiver.url).json()["id"]
        end_job(replica_a, "local", job_id)
        receiver.wait_for(1)  # A's first attempt failed; A would wait 30 s before its next one
        with api_client(slow) as replica_b:
            stack_a.close()  # A stops: it gives its lease back and the event goes to B
            receiver.wait_for(2, timeout_seconds=10.0)
            (delivery,) = _settled(replica_b, job_id)
    assert delivery["state"] == "delivered"
    assert [(a["attempt"], a["status_code"]) for a in delivery["attempts"]] == [(1, 500), (2, 200)]


@contextmanager
def receiver_closed(receiver: Receiver):
    try:
        yield receiver
    finally:
        receiver.close()


def test_claims_are_leases_that_another_replica_takes_over_when_they_run_out(client):
    store = client.app.state.access.deliveries
    now = time.time()
    first = call(client, store.claim, "local", "job1", 0, JobStatus.SUCCEEDED, "https://example.com/h", "a", now)
    assert first is not None and first.state == "pending"
    with pytest.raises(Held) as held:
        call(client, store.claim, "local", "job1", 0, JobStatus.SUCCEEDED, "https://example.com/h", "b", now + 1)
    assert held.value.lease_until == pytest.approx(now + ACK_WAIT_SECONDS)
    taken = call(client, store.claim, "local", "job1", 0, JobStatus.SUCCEEDED, "https://example.com/h", "b",
                 now + ACK_WAIT_SECONDS + 1)
    assert taken is not None and taken.id == first.id
    with pytest.raises(LeaseLost):
        call(client, store.update, "local", "job1", first.id, "a", None, "delivered")
    call(client, store.update, "local", "job1", first.id, "b", None, "delivered")
    assert call(client, store.claim, "local", "job1", 0, JobStatus.SUCCEEDED, "https://example.com/h", "c",
                now + 10 * ACK_WAIT_SECONDS) is None  # done: never delivered again


def test_a_rotated_secret_signs_the_next_deliveries(client, receiver, files):
    old = client.get("/v1/webhook-secret").json()["secret"]
    assert client.get("/v1/webhook-secret").json()["secret"] == old  # stable until rotated
    new = client.post("/v1/webhook-secret").json()["secret"]
    assert new != old and client.get("/v1/webhook-secret").json()["secret"] == new
    job_id = post_mix(client, {}, files, callback_url=receiver.url).json()["id"]
    end_job(client, "local", job_id)
    (request,) = receiver.wait_for(1)
    assert verify(new, request["headers"]["Mixdown-Signature"], request["body"])
    assert not verify(old, request["headers"]["Mixdown-Signature"], request["body"])


def test_callback_urls_are_checked_at_submission(gateway_settings, files):
    cases = {
        "ftp://hooks.example.com/x": "http:// or https://",
        "https://user:secret@hooks.example.com/x": "must not carry credentials",
        "https://hooks.example.com/" + "a" * 2100: "at most 2048",
        "https://hooks.example.com/x#frag": "#fragment",
        "https://hooks.example.com/a b": "spaces or control characters",
        "http:///nohost": "has no host",
        "http://localhost:8080/x": "private, loopback or link-local",
        "http://127.0.0.1/x": "private, loopback or link-local",
        "http://10.1.2.3/x": "private, loopback or link-local",
        "http://169.254.169.254/latest/meta-data": "private, loopback or link-local",
        "http://[::1]:9000/x": "private, loopback or link-local",
    }
    with api_client(gateway_settings) as client:  # the default: private hosts refused
        for url, reason in cases.items():
            response = post_mix(client, {}, files, callback_url=url)
            assert response.status_code == 422, (url, response.text)
            assert reason in response.json()["detail"], (url, response.json())
        accepted = post_mix(client, {}, files, callback_url="https://hooks.example.com/mixdown?team=7")
        assert accepted.status_code == 201, accepted.text
        record = call(client, client.app.state.bus.jobs.get, "local", accepted.json()["id"])
        assert record.callback_url == "https://hooks.example.com/mixdown?team=7"
        assert client.get(f"/v1/jobs/{record.id}").json()["callback_url"] == record.callback_url
        assert client.get(f"/v1/jobs/{record.id}/webhooks").json() == {
            "job_id": record.id, "callback_url": record.callback_url, "deliveries": []}
    assert _non_public_address("localhost", 80) in ("127.0.0.1", "::1")  # names are checked again before posting


def test_a_failed_jobs_payload_explains_its_error_code_as_the_rest_api_does():
    record = JobRecord(id="j1", tenant="local", plan=["mixing"], status=JobStatus.FAILED,
                       error=JobError(code=JobErrorCode.QC_FAILED, message="too loud", stage="qc"))
    delivery = Delivery(id="d1", revision=0, status=JobStatus.FAILED, event="job.failed", url="https://example.com/h")
    error = json.loads(payload(delivery, record))["job"]["error"]
    assert error == {"code": "E_QC_FAILED", "message": "too loud", "stage": "qc",
                     "explanation": JobErrorCode.QC_FAILED.explanation}
