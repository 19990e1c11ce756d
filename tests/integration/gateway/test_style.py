"""mix_mode=style at the gateway: the new form fields, the reference (uploaded or another job's
master) and its checks, the job options and the queue a style job's mixing goes to."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from mixdown.catalog import STYLE
from mixdown.events.bus import STAGE_STREAM, stage_subject
from mixdown.events.messages import JobStatus, StageMessage, StyleOptions
from tests.auth import api_client
from tests.integration.access_helpers import finish_mix, new_key, post_mix
from tests.integration.gateway.test_jobs import VOCAL_META, call, store_keys


@pytest.fixture
def vocal_and_beat(make_audio):
    return [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav", kind="noise"))]


def post_style(client, files, reference: tuple[str, bytes] | None = None, headers=None, **fields: str):
    parts: list = [(key, (None, value)) for key, value in {"stems_meta": VOCAL_META, **fields}.items()]
    parts += [("files", (name, path.read_bytes(), "audio/wav")) for name, path in files]
    if reference is not None:
        parts.append(("reference", (reference[0], reference[1], "audio/wav")))
    return client.post("/v1/jobs", files=parts, headers=headers or {})


def wav_bytes(tmp_path, name: str, samples: np.ndarray, rate_hz: int) -> bytes:
    path = tmp_path / name
    sf.write(path, samples.astype(np.float32), rate_hz, subtype="PCM_16")
    return path.read_bytes()


def last_stage_message(client, subject: str) -> StageMessage:
    raw = call(client, client.app.state.bus.js.get_last_msg, STAGE_STREAM, subject)
    return StageMessage.from_json(raw.data)


def test_a_style_job_stores_its_reference_and_options_and_queues_mixing(client, vocal_and_beat, make_audio):
    reference = make_audio("pro song.wav", seconds=3.0, sample_rate_hz=44100, kind="noise").read_bytes()
    response = post_style(client, vocal_and_beat, ("pro song.wav", reference), mix_mode="style", style_amount="0.6")
    assert response.status_code == 201, response.text
    record = call(client, client.app.state.bus.jobs.get, "local", response.json()["id"])
    style = StyleOptions.of(record.options)
    assert (style.mix_mode, style.style_amount, style.reference_name) == ("style", 0.6, "pro song.wav")
    assert client.app.state.store.get_bytes(record.options["reference_key"]) == reference
    # without a style worker configured, the ordinary mixing workers take it (embedded stack)
    assert last_stage_message(client, stage_subject("mixing")).job_id == record.id


def test_a_dsp_job_is_unchanged_and_the_default(client, vocal_and_beat):
    response = post_style(client, vocal_and_beat)
    assert response.status_code == 201, response.text
    record = call(client, client.app.state.bus.jobs.get, "local", response.json()["id"])
    assert "mix_mode" not in record.options and StyleOptions.of(record.options).mix_mode == "dsp"


@pytest.mark.parametrize("fields, with_reference, fragment", [
    ({"mix_mode": "style"}, False, "mix_mode=style needs a reference"),
    ({"mix_mode": "neural"}, True, "unknown mix_mode 'neural'; choose one of: dsp, style"),
    ({"mix_mode": "style", "style_amount": "1.5"}, True, "style_amount"),
    ({"mix_mode": "style", "style_amount": "lots"}, True, "style_amount must be a number in 0..1"),
    ({"mix_mode": "style", "style_amount": "nan"}, True, "finite"),
    ({"style_amount": "0.5"}, True, "style_amount apply to mix_mode=style only"),
    ({"mix_mode": "style", "reference_job": "f" * 32}, True, "either a 'reference' file or reference_job"),
    ({"mix_mode": "style", "reference_job": "../etc"}, False, "reference_job '../etc' is not a job id"),
    ({"mix_mode": "style", "reference_job": "f" * 32}, False, f"reference_job: job {'f' * 32} not found"),
])
def test_bad_style_fields_are_refused_naming_the_problem(client, vocal_and_beat, make_audio, fields,
                                                        with_reference, fragment):
    reference = ("ref.wav", make_audio("ref.wav", kind="noise").read_bytes()) if with_reference else None
    response = post_style(client, vocal_and_beat, reference, **fields)
    assert response.status_code == 422, response.text
    assert fragment in response.json()["detail"]
    assert store_keys(client) == []


@pytest.mark.parametrize("make, status, fragment", [
    (lambda rate: np.zeros((2 * rate, 2)), 422, "is silent"),
    (lambda rate: 0.3 * np.ones((int(0.2 * rate), 2)), 422, "lasts 0.20 s; the style mode needs at least 1 s"),
    (None, 415, "not usable audio"),
])
def test_a_reference_the_style_mode_cannot_use_is_refused_at_upload(client, vocal_and_beat, tmp_path, make, status,
                                                                    fragment):
    data = b"words, not audio" * 64 if make is None else wav_bytes(tmp_path, "ref.wav", make(44100), 44100)
    response = post_style(client, vocal_and_beat, ("ref.wav", data), mix_mode="style")
    assert response.status_code == status, response.text
    assert fragment in response.json()["detail"] and "ref.wav" in response.json()["detail"]
    assert store_keys(client) == []


def test_a_reference_at_another_sample_rate_is_accepted(client, vocal_and_beat, tmp_path):
    rng = np.random.default_rng(3)
    data = wav_bytes(tmp_path, "ref.wav", 0.2 * rng.standard_normal((22050 * 2, 2)), 22050)
    response = post_style(client, vocal_and_beat, ("ref.wav", data), mix_mode="style")
    assert response.status_code == 201, response.text


def test_the_master_of_a_finished_job_of_the_same_tenant_becomes_the_reference(client, vocal_and_beat, tmp_path):
    acme = new_key(client, "acme", "pro")
    first = post_mix(client, acme, vocal_and_beat)
    assert first.status_code == 201, first.text
    earlier = first.json()["id"]
    master_key = finish_mix(client, "acme", earlier) and f"tenants/acme/jobs/{earlier}/runs/r0/master.wav"
    master = wav_bytes(tmp_path, "master.wav", 0.2 * np.random.default_rng(5).standard_normal((96000, 2)), 48000)
    client.app.state.store.put_bytes(master_key, master)

    response = post_style(client, vocal_and_beat, headers=acme, mix_mode="style", reference_job=earlier)
    assert response.status_code == 201, response.text
    record = call(client, client.app.state.bus.jobs.get, "acme", response.json()["id"])
    style = StyleOptions.of(record.options)
    assert (style.reference_job, style.reference_name) == (earlier, f"reference_job:{earlier}")
    key = record.options["reference_key"]
    assert key.startswith(f"tenants/acme/jobs/{record.id}/reference/")  # a copy: the earlier job may go
    assert client.app.state.store.get_bytes(key) == master

    # another tenant cannot name it: the same answer as an unknown id, and nothing is stored
    globex = new_key(client, "globex", "pro")
    other = post_style(client, vocal_and_beat, headers=globex, mix_mode="style", reference_job=earlier)
    assert other.status_code == 422 and f"reference_job: job {earlier} not found" in other.json()["detail"]
    assert list(client.app.state.store.list("tenants/globex")) == []


def test_an_unfinished_or_failed_reference_job_is_refused(client, vocal_and_beat):
    acme = new_key(client, "acme", "pro")
    queued = post_mix(client, acme, vocal_and_beat).json()["id"]
    response = post_style(client, vocal_and_beat, headers=acme, mix_mode="style", reference_job=queued)
    assert response.status_code == 409 and f"job {queued} is queued" in response.json()["detail"], response.text

    def fail(record):
        record.status = JobStatus.FAILED
        return record
    call(client, client.app.state.bus.jobs.update, "acme", queued, fail)
    response = post_style(client, vocal_and_beat, headers=acme, mix_mode="style", reference_job=queued)
    assert response.status_code == 422 and "failed; it has no master to match" in response.json()["detail"]


def test_with_a_style_worker_style_jobs_go_to_the_style_lane(gateway_settings, vocal_and_beat, make_audio):
    settings = gateway_settings.model_copy(update={"style_lane": True})
    with api_client(settings) as client:
        reference = ("ref.wav", make_audio("ref.wav", kind="noise").read_bytes())
        style_job = post_style(client, vocal_and_beat, reference, mix_mode="style").json()["id"]
        dsp_job = post_style(client, vocal_and_beat).json()["id"]
        assert last_stage_message(client, stage_subject("mixing", "style")).job_id == style_job
        assert last_stage_message(client, stage_subject("mixing")).job_id == dsp_job


def test_the_catalog_and_openapi_declare_the_style_fields(client):
    catalog = client.get("/v1/catalog").json()
    assert catalog["mix_modes"] == ["dsp", "style"]
    (amount,) = catalog["style"]
    assert (amount["name"], amount["min"], amount["max"]) == ("style_amount", 0.0, 1.0)
    schema = client.get("/openapi.json").json()
    form = json.dumps(schema["paths"]["/v1/jobs"]["post"]["requestBody"])
    for name in ("mix_mode", "style_amount", "reference_job"):
        assert f'"{name}"' in form
    assert STYLE["style_amount"].description in form
