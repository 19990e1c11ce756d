"""The gateway against a real nats-server and a local store, through FastAPI's TestClient."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import grpc
import pytest
from fastapi.testclient import TestClient

from mixdown.catalog import PRESETS
from mixdown.common.v1 import common_pb2
from mixdown.errors import Unavailable
from mixdown.events.bus import STAGE_STREAM, stage_subject
from mixdown.events.codes import JobErrorCode
from mixdown.events.messages import Event, JobError, JobRecord, JobStatus, StageMessage
from mixdown.gateway.v1 import gateway_pb2, gateway_pb2_grpc
from mixdown_gateway.app import create_app
from mixdown_gateway.forms import guess_role
from mixdown_gateway.uploads import safe_name
from tests.auth import api_client, bearer

VOCAL_META = json.dumps([{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"}])


def post_job(client: TestClient, files: list[tuple[str, bytes | Path]], **fields: str):
    """POST a multipart job form (always multipart, even without files)."""
    parts: list = [(key, (None, value)) for key, value in fields.items()]
    parts += [
        ("files", (name, data.read_bytes() if isinstance(data, Path) else data, "audio/wav")) for name, data in files
    ]
    return client.post("/v1/jobs", files=parts)


def call(client: TestClient, fn, *args):
    """Run an async function on the app's event loop (where its NATS connection lives)."""
    return client.portal.call(fn, *args)


def store_keys(client: TestClient, prefix: str = "tenants/local/jobs") -> list[str]:
    return list(client.app.state.store.list(prefix))


def parse_sse(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith(":")]
        if not lines:
            continue
        fields = dict(line.split(": ", 1) for line in lines)
        events.append((fields["event"], json.loads(fields["data"])))
    return events


@pytest.fixture
def vocal_and_beat(make_audio):
    return [
        ("vocal.wav", make_audio("vocal.wav", sample_rate_hz=48000, channels=1)),
        ("beat.wav", make_audio("beat.wav", sample_rate_hz=44100, channels=2, kind="noise")),
    ]


def test_valid_upload_creates_a_queued_job(client, vocal_and_beat):
    response = post_job(client, vocal_and_beat, stems_meta=VOCAL_META, preset="trap_aggressive",
                        targets='{"target_lufs": "club", "ceiling_dbtp": -1.5}')
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    assert response.headers["location"] == f"/v1/jobs/{job_id}"
    bus = client.app.state.bus

    record: JobRecord = call(client, bus.jobs.get, "local", job_id)
    assert record.status is JobStatus.QUEUED
    assert record.plan == ["mixing", "mastering", "qc"]
    assert record.preset == "trap_aggressive"
    assert record.targets == {"target_lufs": -8.0, "ceiling_dbtp": -1.5}
    assert [(t.name, t.role, t.sample_rate_hz, t.channels) for t in record.inputs] == [
        ("vocal.wav", "lead_vocal", 48000, 1),
        ("beat.wav", "instrumental", 44100, 2),
    ]
    assert record.inputs[0].frames == 96000 and record.inputs[0].duration_seconds == pytest.approx(2.0)

    # exactly one stage message waits, on mixdown.stage.mixing, naming the job
    info = call(client, bus.js.stream_info, STAGE_STREAM, "mixdown.stage.>")
    assert info.state.messages == 1
    assert info.state.subjects == {stage_subject("mixing"): 1}
    raw = call(client, bus.js.get_last_msg, STAGE_STREAM, stage_subject("mixing"))
    message = StageMessage.from_json(raw.data)
    assert (message.job_id, message.tenant, message.stage) == (job_id, "local", "mixing")

    # the inputs are stored under the job's prefix with safe names
    keys = store_keys(client)
    assert keys == [t.key for t in record.inputs]
    assert keys == [f"tenants/local/jobs/{job_id}/inputs/01-vocal.wav", f"tenants/local/jobs/{job_id}/inputs/02-beat.wav"]
    assert client.app.state.store.stat(keys[0]).size_bytes == vocal_and_beat[0][1].stat().st_size

    view = client.get(f"/v1/jobs/{job_id}")
    assert view.status_code == 200
    body = view.json()
    assert body["id"] == job_id and body["status"] == "queued" and body["stage"] == "mixing"
    assert body["inputs"][1] == {"name": "beat.wav", "role": "instrumental", "sample_rate_hz": 44100,
                                 "channels": 2, "duration_seconds": pytest.approx(2.0)}
    assert body["artifacts"] == [] and body["error"] is None and body["targets"]["target_lufs"] == -8.0
    assert not list((client.app.state.settings.work_dir / "uploads").iterdir())  # spooled uploads removed


def test_roles_are_guessed_from_file_names_and_names_are_made_safe(client, make_audio):
    vocal = make_audio("v.wav")
    beat = make_audio("b.flac", kind="noise")
    response = post_job(client, [("../../Lead Vox (final)\u00e9.wav", vocal), ("My Beat.flac", beat)], preset="smooth_rnb")
    assert response.status_code == 201, response.text
    body = client.get(f"/v1/jobs/{response.json()['id']}").json()
    assert [(i["name"], i["role"]) for i in body["inputs"]] == [
        ("Lead Vox (final)\u00e9.wav", "lead_vocal"),
        ("My Beat.flac", "instrumental"),
    ]
    assert [key.rsplit("/", 1)[-1] for key in store_keys(client)] == ["01-Lead_Vox_final_e.wav", "02-My_Beat.flac"]


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Lead Vox.wav", "lead_vocal"), ("vocals_main.wav", "lead_vocal"), ("BEAT-v3.wav", "instrumental"),
        ("instrumental.wav", "instrumental"), ("adlibs.wav", "adlib"), ("vox dbl L.wav", "double"),
        ("bv_harmony.wav", "backing_vocal"), ("Kick In.wav", "kick"), ("drums_bus.wav", "drums"),
        ("808.wav", "bass"), ("piano.wav", "keys"), ("lead guitar.wav", "guitar"), ("pad.wav", "pad"),
        ("riser fx.wav", "fx"), ("take7.wav", None),
    ],
)
def test_guess_role(name, role):
    assert guess_role(name) == role


@pytest.mark.parametrize(
    ("name", "safe"),
    [("../../etc/passwd", "passwd"), ("a\x00b\r\n.wav", "ab.wav"), ("..", "track"), ("C:\\x\\y z.wav", "y_z.wav"),
     ("...hidden.wav", "hidden.wav")],
)
def test_safe_name(name, safe):
    assert safe_name(name) == safe


def test_cancel_then_conflict_and_unknown_ids(client, vocal_and_beat):
    job_id = post_job(client, vocal_and_beat, stems_meta=VOCAL_META).json()["id"]
    cancelled = client.delete(f"/v1/jobs/{job_id}")
    assert cancelled.status_code == 200
    assert cancelled.json() == {"id": job_id, "status": "cancelled"}
    assert client.get(f"/v1/jobs/{job_id}").json()["status"] == "cancelled"
    again = client.delete(f"/v1/jobs/{job_id}")
    assert again.status_code == 409
    assert "cancelled" in again.json()["detail"] and job_id in again.json()["detail"]

    missing = "0" * 32
    for method, path in [("GET", f"/v1/jobs/{missing}"), ("DELETE", f"/v1/jobs/{missing}"),
                         ("GET", f"/v1/jobs/{missing}/events"), ("GET", f"/v1/jobs/{missing}/download/mix")]:
        response = client.request(method, path)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"detail": f"job {missing} not found"}
    for bad in ["..%2Fx", "%2e%2e", "UPPER", "a.b", "x" * 300, "%00", "a%0Ab"]:
        response = client.get(f"/v1/jobs/{bad}")
        assert response.status_code == 404, bad
        assert isinstance(response.json()["detail"], str)
        assert client.delete(f"/v1/jobs/{bad}").status_code == 404
    assert client.get("/v1/jobs/../x").status_code == 404


def test_bad_submissions_are_rejected_and_leave_nothing_behind(tmp_path, gateway_settings, make_audio):
    settings = gateway_settings.model_copy(update={"max_upload_bytes": 1024 * 1024, "max_request_bytes": 8 << 20})
    vocal = make_audio("vocal.wav")
    beat = make_audio("beat.wav", kind="noise")
    big = make_audio("big.wav", seconds=12, sample_rate_hz=48000)  # ~2.3 MB > 1 MiB
    text = tmp_path / "notes.txt"
    text.write_text("these are lyrics, not audio\n" * 50)
    good = [("vocal.wav", vocal), ("beat.wav", beat)]
    cases = [
        ("text renamed .wav", [("vocal.wav", text), ("beat.wav", beat)], {"stems_meta": VOCAL_META}, 415,
         "'vocal.wav' is not usable audio"),
        ("empty file", [("vocal.wav", b""), ("beat.wav", beat)], {"stems_meta": VOCAL_META}, 422,
         "'vocal.wav' is empty"),
        ("no lead vocal", good, {"stems_meta": json.dumps([{"name": "vocal.wav", "role": "adlib"},
                                                           {"name": "beat.wav", "role": "instrumental"}])},
         422, "a vocal mix needs one track with role lead_vocal"),
        ("two lead vocals", good, {"stems_meta": json.dumps([{"name": "vocal.wav", "role": "lead_vocal"},
                                                             {"name": "beat.wav", "role": "lead_vocal"}])},
         422, "a vocal mix needs one track with role lead_vocal"),
        ("bad stems_meta JSON", good, {"stems_meta": "[{name: vocal.wav"}, 422, "stems_meta is not valid JSON"),
        ("stems_meta not a list", good, {"stems_meta": '{"vocal.wav": "lead_vocal"}'}, 422, "stems_meta must be"),
        ("stems_meta names a missing file", good,
         {"stems_meta": json.dumps([{"name": "vocal.wav", "role": "lead_vocal"},
                                    {"name": "ghost.wav", "role": "instrumental"}])}, 422, "'ghost.wav'"),
        ("uploaded file missing from stems_meta", good,
         {"stems_meta": json.dumps([{"name": "vocal.wav", "role": "lead_vocal"}])}, 422,
         "'beat.wav' is missing from stems_meta"),
        ("duplicate stems_meta entries", good,
         {"stems_meta": json.dumps([{"name": "vocal.wav", "role": "lead_vocal"}] * 2)}, 422, "twice"),
        ("duplicate file names", [("vocal.wav", vocal), ("vocal.wav", beat)], {}, 422, "duplicate file name"),
        ("unknown role", good, {"stems_meta": json.dumps([{"name": "vocal.wav", "role": "singer"},
                                                          {"name": "beat.wav", "role": "instrumental"}])},
         422, "unknown role 'singer' for 'vocal.wav'; allowed roles: lead_vocal, double"),
        ("unknown preset", good, {"stems_meta": VOCAL_META, "preset": "lofi"}, 422,
         "unknown preset 'lofi'; choose one of: modern_clean"),
        ("too many files", [(f"kick{i}.wav", vocal) for i in range(13)], {"preset": "pop"}, 422, "too many files"),
        ("file over the size limit", [("vocal.wav", vocal), ("big.wav", big)], {}, 413, "'big.wav' is larger than"),
        ("target_lufs out of range", good, {"stems_meta": VOCAL_META, "targets": '{"target_lufs": -2}'}, 422,
         "targets.target_lufs=-2 is outside [-40, -5]"),
        ("unknown loudness name", good, {"stems_meta": VOCAL_META, "targets": '{"target_lufs": "loud"}'}, 422,
         "target_lufs 'loud'"),
        ("unknown target", good, {"stems_meta": VOCAL_META, "targets": '{"lufs": -14}'}, 422, "targets: unknown parameter 'lufs'"),
        ("bad overrides", good, {"stems_meta": VOCAL_META, "overrides": '{"reverb_mix": "lots"}'}, 422,
         "overrides.reverb_mix must be a number or an object"),
        ("unguessable role", [("take1.wav", vocal)], {"preset": "pop"}, 422, "cannot guess the role of 'take1.wav'"),
        ("unknown field", good, {"stems_meta": VOCAL_META, "presets": "pop"}, 422, "unknown form field(s) 'presets'"),
        ("no files", [], {"preset": "pop", "stems_meta": "[]"}, 422, "no files uploaded"),
    ]
    with api_client(settings) as client:
        for label, files, fields, status, detail in cases:
            response = post_job(client, files, **fields)
            assert response.status_code == status, (label, response.text)
            assert detail in response.json()["detail"], (label, response.json())
            assert str(settings.work_dir) not in response.text, (label, "leaks a server path")

        not_multipart = client.post("/v1/jobs", json={"files": []})
        assert not_multipart.status_code == 415
        assert "multipart/form-data" in not_multipart.json()["detail"]
        too_big = client.post("/v1/jobs", content=b"x" * 16, headers={
            "content-type": "multipart/form-data; boundary=abc", "content-length": str(64 << 20)})
        assert too_big.status_code == 413 and "limit per request" in too_big.json()["detail"]
        truncated = client.post("/v1/jobs", content=b"--abc\r\nContent-Disposition: form-data; name=\"preset\"\r\n\r\npop",
                                headers={"content-type": "multipart/form-data; boundary=abc"})
        assert truncated.status_code == 400, truncated.text

        assert store_keys(client) == []
        assert call(client, client.app.state.bus.jobs.list_keys, "local") == []
        assert not list((settings.work_dir / "uploads").iterdir())
        assert client.get("/healthz").status_code == 200
        assert post_job(client, good, stems_meta=VOCAL_META).status_code == 201  # still serving


def test_a_failure_after_storing_rolls_everything_back(client, vocal_and_beat, monkeypatch):
    bus = client.app.state.bus

    async def nats_down(message, request_id=""):
        raise Unavailable("NATS publish timed out")

    monkeypatch.setattr(bus, "publish_stage", nats_down)
    response = post_job(client, vocal_and_beat, stems_meta=VOCAL_META)
    assert response.status_code == 503
    assert response.json() == {"detail": "NATS publish timed out"}
    assert store_keys(client) == []
    assert call(client, bus.jobs.list_keys, "local") == []


def test_events_replay_then_live_then_end(client, vocal_and_beat):
    job_id = post_job(client, vocal_and_beat, stems_meta=VOCAL_META).json()["id"]
    bus = client.app.state.bus

    def event(kind: str, status: JobStatus, **extra) -> Event:
        return Event(job_id=job_id, tenant="local", type=kind, status=status, stage="mixing", **extra)

    call(client, bus.publish_event, event("stage_started", JobStatus.RUNNING))
    call(client, bus.publish_event, event("stage_progress", JobStatus.RUNNING, progress=0.5, message="half"))
    # a final event published while the client is connected (after a few heartbeats)
    timer = threading.Timer(1.0, lambda: call(client, bus.publish_event, event("status", JobStatus.SUCCEEDED)))
    timer.start()
    started = time.monotonic()
    try:
        response = client.get(f"/v1/jobs/{job_id}/events")
    finally:
        timer.join()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert time.monotonic() - started < 5
    events = parse_sse(response.text)
    assert [(kind, data["status"]) for kind, data in events] == [
        ("status", "queued"), ("stage_started", "running"), ("stage_progress", "running"), ("status", "succeeded")
    ]
    assert events[2][1]["progress"] == 0.5 and all(data["job_id"] == job_id for _, data in events)
    assert ": keepalive" in response.text

    # resuming after the second event replays only what came later
    resumed = client.get(f"/v1/jobs/{job_id}/events", headers={"Last-Event-ID": "2"})
    assert [kind for kind, _ in parse_sse(resumed.text)] == ["stage_progress", "status"]


def test_events_of_a_finished_job_end_right_after_replay(client, vocal_and_beat):
    job_id = post_job(client, vocal_and_beat, stems_meta=VOCAL_META).json()["id"]
    assert client.delete(f"/v1/jobs/{job_id}").status_code == 200
    started = time.monotonic()
    response = client.get(f"/v1/jobs/{job_id}/events")
    assert time.monotonic() - started < 1.0
    assert [(kind, data["status"]) for kind, data in parse_sse(response.text)] == [
        ("status", "queued"), ("status", "cancelled")
    ]

    # a final record whose final event is missing still closes the stream, with a status event
    other = post_job(client, vocal_and_beat, stems_meta=VOCAL_META).json()["id"]

    def fail(record: JobRecord) -> JobRecord:
        record.status = JobStatus.FAILED
        record.error = JobError(code="E_STAGE_FAILED", message="mixing crashed", stage="mixing")
        return record

    call(client, client.app.state.bus.jobs.update, "local", other, fail)
    events = parse_sse(client.get(f"/v1/jobs/{other}/events").text)
    assert [(kind, data["status"]) for kind, data in events] == [("status", "queued"), ("status", "failed")]
    assert events[-1][1]["message"] == "mixing crashed"
    assert client.get(f"/v1/jobs/{other}").json()["error"] == {
        "code": "E_STAGE_FAILED", "message": "mixing crashed", "stage": "mixing",
        "explanation": JobErrorCode.STAGE_FAILED.explanation}


def test_error_codes_are_listed_with_their_explanations(client):
    listed = client.get("/v1/errors").json()["codes"]
    assert [c["code"] for c in listed] == [c.value for c in JobErrorCode]
    assert all(len(c["explanation"]) > 40 for c in listed)
    assert "/v1/errors" in client.get("/openapi.json").json()["paths"]


def test_download_artifacts(client, vocal_and_beat, make_audio):
    job_id = post_job(client, vocal_and_beat, stems_meta=VOCAL_META).json()["id"]
    bus, store = client.app.state.bus, client.app.state.store

    not_yet = client.get(f"/v1/jobs/{job_id}/download/master")
    assert not_yet.status_code == 409 and "'master' is not available yet" in not_yet.json()["detail"]

    master = make_audio("master.wav", seconds=0.5)
    store.put_file(f"tenants/local/jobs/{job_id}/master.wav", master)
    store.put_bytes(f"tenants/local/jobs/{job_id}/report.json", b'{"verdict": "pass"}')

    def finish(record: JobRecord) -> JobRecord:
        record.status = JobStatus.SUCCEEDED
        record.artifacts = {"master": f"tenants/local/jobs/{job_id}/master.wav",
                            "report": f"tenants/local/jobs/{job_id}/report.json"}
        return record

    call(client, bus.jobs.update, "local", job_id, finish)
    response = client.get(f"/v1/jobs/{job_id}/download/master")
    assert response.status_code == 200
    assert response.headers["content-type"] == "audio/wav"
    assert response.headers["content-disposition"] == f'attachment; filename="{job_id}-master.wav"'
    assert response.content == master.read_bytes()
    report = client.get(f"/v1/jobs/{job_id}/download/report")
    assert report.headers["content-type"] == "application/json" and report.json() == {"verdict": "pass"}

    missing = client.get(f"/v1/jobs/{job_id}/download/stems")
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"job {job_id} has no artifact 'stems'; available: master, report"
    assert client.get(f"/v1/jobs/{job_id}").json()["artifacts"] == ["master", "report"]


def test_presets_health_metrics_and_docs(client):
    presets = client.get("/v1/presets").json()["presets"]
    assert len(presets) == 8 and {p["name"] for p in presets} == set(PRESETS)
    assert {p["kind"] for p in presets} == {"vocal", "full"}
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    assert client.get("/v1/jobs/" + "ab" * 16).status_code == 404
    assert client.get("/nowhere/at/all").status_code == 404

    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    text = metrics.text
    assert 'mixdown_http_requests_total{code="404",method="GET",route="/v1/jobs/{job_id}"}' in text
    assert 'mixdown_http_requests_total{code="200",method="GET",route="/v1/presets"}' in text
    assert 'route="<unmatched>"' in text
    assert "ab" * 16 not in text and "/nowhere" not in text
    assert "mixdown_http_request_duration_seconds_bucket" in text

    schema = client.get("/openapi.json").json()
    assert {"/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/events", "/v1/jobs/{job_id}/download/{artifact}",
            "/v1/presets", "/healthz", "/readyz"} <= set(schema["paths"])
    upload = schema["paths"]["/v1/jobs"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload["required"] == ["files"] and upload["properties"]["preset"]["enum"] == list(PRESETS)
    assert "JobView" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_readyz_names_what_is_down(client):
    client.portal.call(client.app.state.bus.nc.close)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "NATS is not connected" in response.json()["detail"]


def test_grpc_get_and_cancel(gateway_settings, vocal_and_beat):
    settings = gateway_settings.model_copy(update={"grpc_enabled": True, "grpc_port": 0})
    with api_client(settings) as client:
        job_id = post_job(client, vocal_and_beat, stems_meta=VOCAL_META).json()["id"]
        with grpc.insecure_channel(f"127.0.0.1:{client.app.state.grpc_port}") as channel:
            stub = gateway_pb2_grpc.GatewayServiceStub(channel)
            ref = common_pb2.JobRef(job_id=job_id)
            got = stub.GetJob(gateway_pb2.GetJobRequest(job=ref), timeout=5)
            assert (got.status, got.stage) == ("queued", "mixing")
            assert json.loads(got.record_json)["id"] == job_id
            assert stub.CancelJob(gateway_pb2.CancelJobRequest(job=ref), timeout=5).status == "cancelled"
            with pytest.raises(grpc.RpcError) as conflict:
                stub.CancelJob(gateway_pb2.CancelJobRequest(job=ref), timeout=5)
            assert conflict.value.code() is grpc.StatusCode.FAILED_PRECONDITION
            with pytest.raises(grpc.RpcError) as missing:
                stub.GetJob(gateway_pb2.GetJobRequest(job=common_pb2.JobRef(job_id="../x")), timeout=5)
            assert missing.value.code() is grpc.StatusCode.NOT_FOUND


def test_real_server_streams_uploads_and_drops_sse_subscriptions(gateway_settings, vocal_and_beat):
    """Through uvicorn: an upload, an early 413 by Content-Length, and an SSE client that leaves."""
    import asyncio
    import socket

    import httpx
    import nats
    import uvicorn

    from mixdown.events.bus import EVENT_STREAM
    from mixdown_dev.procs import free_port, wait_for_port
    from mixdown_gateway.access.webhooks import CONSUMER as WEBHOOK_CONSUMER

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(gateway_settings), host="127.0.0.1", port=port,
                                           log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    async def consumers() -> int:
        """SSE consumers of the events stream (the webhook dispatcher's durable one stays)."""
        nc = await nats.connect(gateway_settings.nats_url)
        try:
            infos = await nc.jetstream().consumers_info(EVENT_STREAM)
            return sum(1 for info in infos if info.name != WEBHOOK_CONSUMER)
        finally:
            await nc.close()

    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10, headers=bearer(gateway_settings.dev_api_key)) as http:
            job_id = post_job(http, vocal_and_beat, stems_meta=VOCAL_META).json()["id"]
            # a 1 TiB upload is refused from its headers, before any of its body is sent
            with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
                raw.sendall(b"POST /v1/jobs HTTP/1.1\r\nHost: test\r\nContent-Length: 1099511627776\r\n"
                            b"Authorization: Bearer " + gateway_settings.dev_api_key.encode() + b"\r\n"
                            b"Content-Type: multipart/form-data; boundary=abc\r\n\r\n")
                assert raw.recv(4096).startswith(b"HTTP/1.1 413 ")
            with http.stream("GET", f"/v1/jobs/{job_id}/events") as stream:
                lines = stream.iter_lines()
                assert next(lines).startswith("id: ")
                assert next(lines) == "event: status"
                assert asyncio.run(consumers()) == 1
        deadline = time.monotonic() + 5
        while asyncio.run(consumers()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert asyncio.run(consumers()) == 0
        assert time.monotonic() < deadline - 3, "the SSE subscription outlived its client by more than 2 s"
    finally:
        server.should_exit = True
        thread.join(10)


def test_audio_outside_the_limits_is_refused(client, make_audio, tmp_path):
    surround = make_audio("surround.wav", channels=6)
    response = post_job(client, [("vocal.wav", surround)], preset="pop", stems_meta=json.dumps(
        [{"name": "vocal.wav", "role": "lead_vocal"}]))
    assert response.status_code == 422
    assert response.json()["detail"] == "file 'vocal.wav' is not usable audio: 6 channels; 1 to 2 are accepted"
    # a WAV header declaring far more data than the file holds
    truncated = tmp_path / "cut.wav"
    truncated.write_bytes(make_audio("long.wav", seconds=4).read_bytes()[:2000])
    response = post_job(client, [("beat.wav", truncated)], preset="pop")
    assert response.status_code in (415, 422) and "'beat.wav'" in response.json()["detail"]
    assert store_keys(client) == []


def test_request_id_is_echoed_and_travels_with_the_stage_message(client, vocal_and_beat):
    parts = [("stems_meta", (None, VOCAL_META))]
    parts += [("files", (name, path.read_bytes(), "audio/wav")) for name, path in vocal_and_beat]
    response = client.post("/v1/jobs", files=parts, headers={"X-Request-ID": "req-42"})
    assert response.status_code == 201, response.text
    assert response.headers["x-request-id"] == "req-42"
    raw = call(client, client.app.state.bus.js.get_last_msg, STAGE_STREAM, stage_subject("mixing"))
    assert raw.headers["Mixdown-Request-Id"] == "req-42"

    generated = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"}).headers["x-request-id"]
    assert generated != "bad id with spaces" and len(generated) == 32


def _with_reference(vocal_and_beat, references: list[tuple[str, bytes]]) -> list:
    parts: list = [("stems_meta", (None, VOCAL_META))]
    parts += [("files", (name, path.read_bytes(), "audio/wav")) for name, path in vocal_and_beat]
    parts += [("reference", (name, data, "audio/wav")) for name, data in references]
    return parts


def test_a_reference_track_is_stored_in_the_job_and_handed_to_mastering(client, vocal_and_beat, make_audio):
    reference = make_audio("pro master.wav", sample_rate_hz=44100, channels=2, kind="noise").read_bytes()
    response = client.post("/v1/jobs", files=_with_reference(vocal_and_beat, [("pro master.wav", reference)]))
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    record = call(client, client.app.state.bus.jobs.get, "local", job_id)
    key = record.options["reference_key"]
    assert key.startswith(f"tenants/local/jobs/{job_id}/reference/")
    assert client.app.state.store.get_bytes(key) == reference
    assert [track.name for track in record.inputs] == ["vocal.wav", "beat.wav"]  # not mixed


@pytest.mark.parametrize("references, status, fragment", [
    ([("a.wav", b"RIFF"), ("b.wav", b"RIFF")], 422, "more than one file in field 'reference'"),
    ([("notes.wav", b"these are words, not audio" * 40)], 415, "notes.wav"),
])
def test_a_bad_reference_track_is_refused_and_nothing_is_stored(client, vocal_and_beat, references, status,
                                                                 fragment):
    response = client.post("/v1/jobs", files=_with_reference(vocal_and_beat, references))
    assert response.status_code == status, response.text
    assert fragment in response.json()["detail"]
    assert store_keys(client) == []


@pytest.mark.parametrize("field, expected", [
    ("mp3", ["wav24", "mp3"]),
    ('["flac", "wav24"]', ["wav24", "flac"]),
    (" wav16 , mp3 ", ["wav24", "wav16", "mp3"]),
])
def test_the_master_formats_to_deliver_are_chosen_at_submission(client, vocal_and_beat, field, expected):
    response = post_job(client, vocal_and_beat, stems_meta=VOCAL_META, formats=field)
    assert response.status_code == 201, response.text
    record = call(client, client.app.state.bus.jobs.get, "local", response.json()["id"])
    assert record.options["formats"] == expected


@pytest.mark.parametrize("field, fragment", [
    ("ogg", "unknown format 'ogg'; known: wav24, wav16, flac, mp3"),
    ('["mp3", 3]', "formats must be a JSON list of format names"),
    ('["mp3"', "formats is not valid JSON"),
])
def test_unknown_master_formats_are_refused(client, vocal_and_beat, field, fragment):
    response = post_job(client, vocal_and_beat, stems_meta=VOCAL_META, formats=field)
    assert response.status_code == 422 and fragment in response.json()["detail"], response.text
    assert store_keys(client) == []
