"""Revisions and instruction previews through the gateway, against a real nats-server, a local
store and the text-control gRPC service in process."""

from __future__ import annotations

import grpc
import pytest
from fastapi.testclient import TestClient

from mixdown.events.bus import STAGE_STREAM, stage_subject
from mixdown.events.messages import JobRecord, JobStatus, StageMessage
from mixdown.events.outputs import StageOutputs
from mixdown.mixparams import BUS_NAMES, defaults
from mixdown.service import ServiceContext
from mixdown.settings import ServiceSettings
from mixdown.storage.local import LocalStore
from mixdown.textcontrol.v1 import text_control_pb2_grpc
from mixdown_text_control.core import TextControl
from mixdown_text_control.server import TextControlServicer
from tests.auth import api_client
from tests.integration.gateway.test_jobs import VOCAL_META, call, post_job


@pytest.fixture
def vocal_and_beat(make_audio):
    return [("vocal.wav", make_audio("vocal.wav", channels=1)),
            ("beat.wav", make_audio("beat.wav", channels=2, kind="noise"))]


@pytest.fixture
def client(gateway_settings, tmp_path):
    with api_client(gateway_settings) as test_client:
        async def start_text_control():
            server = grpc.aio.server()
            servicer = TextControlServicer(ServiceContext(ServiceSettings(), LocalStore(tmp_path / "tc")), TextControl())
            text_control_pb2_grpc.add_TextControlServiceServicer_to_server(servicer, server)
            port = server.add_insecure_port("127.0.0.1:0")
            await server.start()
            return server, port

        server, port = call(test_client, start_text_control)
        test_client.app.state.settings.text_control_grpc_target = f"127.0.0.1:{port}"
        yield test_client
        call(test_client, server.stop, None)


def finished_job(client: TestClient, files) -> str:
    """A submitted job marked succeeded with a mix's parameters and artifacts (as the stages leave it)."""
    job_id = post_job(client, files, stems_meta=VOCAL_META).json()["id"]
    store = client.app.state.store
    for name in ("mix.wav", "master.wav"):
        store.put_bytes(f"tenants/local/jobs/{job_id}/runs/r0/{name}", f"RIFF {name}".encode())

    def finish(record: JobRecord) -> JobRecord:
        vocal = {**defaults("vocal.wav"), "pan": 0.0, "width_percent": 0.0, "delay_send_db": -24.0}
        record.parameters = StageOutputs.model_validate({
            "mixing": {"preset": "modern_clean", "sample_rate_hz": 48000, "bpm": 120.0,
                       "tracks": {"vocal.wav": vocal, "beat.wav": defaults("beat.wav")},
                       "buses": {bus: defaults(bus) for bus in BUS_NAMES}},
            "mastering": {"settings": {}, "targets": {"target_lufs": -14.0}, "corrections": {}}})
        record.artifacts = {"mix": f"tenants/local/jobs/{job_id}/runs/r0/mix.wav",
                            "master": f"tenants/local/jobs/{job_id}/runs/r0/master.wav"}
        record.status = JobStatus.SUCCEEDED
        record.snapshot()
        return record

    call(client, client.app.state.bus.jobs.update, "local", job_id, finish)
    return job_id


def last_stage_message(client: TestClient, stage: str):
    raw = call(client, client.app.state.bus.js.get_last_msg, STAGE_STREAM, stage_subject(stage))
    return StageMessage.from_json(raw.data), raw.headers or {}


def test_an_instruction_queues_a_revision_from_text_control(client, vocal_and_beat):
    job_id = finished_job(client, vocal_and_beat)
    response = client.post(f"/v1/jobs/{job_id}/revisions", json={"instruction": "enlève le delay"},
                           headers={"X-Request-ID": "rev-1"})
    assert response.status_code == 202, response.text
    assert response.json() == {"id": job_id, "revision": 1}

    record: JobRecord = call(client, client.app.state.bus.jobs.get, "local", job_id)
    assert (record.revision, record.status, record.stage) == (1, JobStatus.QUEUED, "text_control")
    assert record.plan == ["text_control", "mixing", "mastering", "qc"]
    assert record.options["instruction"] == "enlève le delay" and record.options["overrides"] == {}
    message, headers = last_stage_message(client, "text_control")
    assert (message.job_id, message.revision) == (job_id, 1) and headers["Mixdown-Request-Id"] == "rev-1"

    again = client.post(f"/v1/jobs/{job_id}/revisions", json={"instruction": "plus de reverb"})
    assert again.status_code == 409 and "once it has finished" in again.json()["detail"]

    revisions = client.get(f"/v1/jobs/{job_id}/revisions").json()
    assert [(r["revision"], r["status"]) for r in revisions] == [(0, "succeeded"), (1, "queued")]
    assert revisions[0]["artifacts"] == ["master", "mix"] and revisions[1]["instruction"] == "enlève le delay"
    assert revisions[0]["parameters"]["mixing"]["tracks"]["vocal.wav"]["delay_send_db"] == -24.0


def test_overrides_alone_skip_text_control_and_are_checked(client, vocal_and_beat):
    job_id = finished_job(client, vocal_and_beat)
    bad = [
        ({}, "an instruction, overrides"),
        ({"overrides": {"tracks": {"vocal.wav": {"sparkle_db": 2}}}}, "vocal.wav.sparkle_db: unknown parameter"),
        ({"overrides": {"tracks": {"guitar.wav": {"gain_db": 2}}}}, "unknown track 'guitar.wav'"),
        ({"overrides": {"tracks": {"beat.wav": {"gain_db": 99}}}}, "outside [-60, 24]"),
        ({"overrides": {"targets": {"target_lufs": 3}}}, "outside [-40, -5]"),
        ({"instruction": "x" * 2001}, "instruction"),
        ({"instruction": "plus de reverb", "surprise": 1}, "surprise"),
        ({"instruction": "plus de reverb", "formats": ["ogg"]}, "formats"),
    ]
    for body, detail in bad:
        response = client.post(f"/v1/jobs/{job_id}/revisions", json=body)
        assert response.status_code == 422 and detail in response.json()["detail"], (body, response.text)
    assert client.post("/v1/jobs/nope/revisions", json={"instruction": "x"}).status_code == 404

    response = client.post(f"/v1/jobs/{job_id}/revisions", json={
        "overrides": {"tracks": {"beat.wav": {"gain_db": -3.0}}, "targets": {"target_lufs": -10}}})
    assert response.status_code == 202, response.text
    record: JobRecord = call(client, client.app.state.bus.jobs.get, "local", job_id)
    assert record.plan == ["mixing", "mastering", "qc"] and record.stage == "mixing"
    assert record.targets["target_lufs"] == -10.0
    assert record.options["overrides"] == {"tracks": {"beat.wav": {"gain_db": -3.0}}}
    assert last_stage_message(client, "mixing")[0].revision == 1


def test_going_back_to_a_revision_and_downloading_its_outputs(client, vocal_and_beat):
    job_id = finished_job(client, vocal_and_beat)
    master = client.get(f"/v1/jobs/{job_id}/revisions/0/download/master")
    assert master.status_code == 200 and master.content == b"RIFF master.wav"
    assert master.headers["content-disposition"] == f'attachment; filename="{job_id}-r0-master.wav"'
    assert client.get(f"/v1/jobs/{job_id}/revisions/3/download/master").status_code == 404
    assert client.get(f"/v1/jobs/{job_id}/revisions/0/download/stems").status_code == 404

    def change(record: JobRecord) -> JobRecord:  # as if revision 0's mix had been replaced
        record.parameters.mixing.tracks["beat.wav"]["gain_db"] = -9.0
        return record

    call(client, client.app.state.bus.jobs.update, "local", job_id, change)
    missing = client.post(f"/v1/jobs/{job_id}/revisions", json={"from_revision": 7})
    assert missing.status_code == 404 and "no finished revision 7" in missing.json()["detail"]
    response = client.post(f"/v1/jobs/{job_id}/revisions", json={"from_revision": 0, "formats": ["wav24"]})
    assert response.status_code == 202, response.text
    record: JobRecord = call(client, client.app.state.bus.jobs.get, "local", job_id)
    assert record.parameters.mixing.tracks["beat.wav"]["gain_db"] == 0.0
    assert record.targets["target_lufs"] == -14.0 and record.plan == ["mixing", "mastering", "qc"]
    assert record.options["formats"] == ["wav24"] and record.options["from_revision"] == 0


def test_preview_lists_the_edits_without_applying_them(client, vocal_and_beat):
    job_id = finished_job(client, vocal_and_beat)
    response = client.post("/v1/text-control/parse",
                           json={"job_id": job_id, "instruction": "enlève le delay et monte le beat de 2 dB"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(e["target"], e["parameter"], e["old_value"], e["value"]) for e in body["edits"]] == [
        ("vocal.wav", "delay_send_db", -24.0, -60.0), ("beat.wav", "gain_db", 0.0, 2.0)]
    assert body["not_understood"] == [] and body["backend"] == "rules" and body["locale"] == "fr"
    assert all(e["explanation"] for e in body["edits"])
    record: JobRecord = call(client, client.app.state.bus.jobs.get, "local", job_id)
    assert record.revision == 0 and record.parameters.mixing.tracks["vocal.wav"]["delay_send_db"] == -24.0

    assert client.post("/v1/text-control/parse", json={"job_id": "nope", "instruction": "x"}).status_code == 404
    assert client.post("/v1/text-control/parse", json={"job_id": job_id, "instruction": ""}).status_code == 422
    client.app.state.settings.text_control_grpc_target = ""
    unavailable = client.post("/v1/text-control/parse", json={"job_id": job_id, "instruction": "plus de reverb"})
    assert unavailable.status_code == 503 and "text_control_grpc_target" in unavailable.json()["detail"]


def test_a_preview_that_understands_nothing_answers_422_with_close_phrasings(client, vocal_and_beat):
    job_id = finished_job(client, vocal_and_beat)
    response = client.post("/v1/text-control/parse", json={"job_id": job_id, "instruction": "rends le refrain émouvant"})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["not_understood"] == ["rends le refrain émouvant"]
    assert 1 <= len(body["suggestions"]) <= 3 and "not understood" in body["detail"]
    for suggestion in body["suggestions"]:  # each suggestion is itself understood, in French
        preview = client.post("/v1/text-control/parse", json={"job_id": job_id, "instruction": suggestion})
        assert preview.status_code == 200 and preview.json()["edits"] and preview.json()["locale"] == "fr", suggestion

    english = client.post("/v1/text-control/parse", json={"job_id": job_id, "instruction": "make it sound like the Beatles"})
    assert english.status_code == 422 and english.json()["suggestions"]
    assert all(client.post("/v1/text-control/parse", json={"job_id": job_id, "instruction": s}).json()["locale"]
               == "en" for s in english.json()["suggestions"])


def test_a_preview_explains_each_edit_in_the_instructions_language(client, vocal_and_beat):
    job_id = finished_job(client, vocal_and_beat)
    french = client.post("/v1/text-control/parse", json={"job_id": job_id, "instruction": "enlève le delay"}).json()
    assert french["edits"][0]["explanation"] == \
        "delay coupé : je coupe l'envoi de delay de la voix lead « vocal.wav » (-24,0 → -60,0 dB)"
    english = client.post("/v1/text-control/parse",
                          json={"job_id": job_id, "instruction": "turn the beat down 3 dB and something about cats"})
    assert english.status_code == 200
    body = english.json()
    assert [e["explanation"] for e in body["edits"]] == ["quieter: lowering the level of the beat by 3 dB (+0.0 → -3.0 dB)"]
    assert body["not_understood"] == ["something about cats"] and body["suggestions"]


def test_a_revision_that_understands_nothing_is_refused_and_the_job_left_as_it_was(client, vocal_and_beat):
    job_id = finished_job(client, vocal_and_beat)
    before: JobRecord = call(client, client.app.state.bus.jobs.get, "local", job_id)
    response = client.post(f"/v1/jobs/{job_id}/revisions", json={"instruction": "écris-moi un refrain"})
    assert response.status_code == 422, response.text
    assert response.json()["not_understood"] == ["écris-moi un refrain"] and response.json()["suggestions"]
    after: JobRecord = call(client, client.app.state.bus.jobs.get, "local", job_id)
    assert after.model_dump(exclude={"updated_at"}) == before.model_dump(exclude={"updated_at"})
    assert after.updated_at == before.updated_at and after.artifacts == before.artifacts

    partial = client.post(f"/v1/jobs/{job_id}/revisions",
                          json={"instruction": "turn the beat down 3 dB and make it sound like the Beatles"})
    assert partial.status_code == 202, partial.text
    assert partial.json()["revision"] == 1 and partial.json()["not_understood"] == ["make it sound like the Beatles"]
    assert partial.json()["suggestions"]

