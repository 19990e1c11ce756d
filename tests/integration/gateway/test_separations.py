"""POST /v1/separations, stem downloads and mixes made from a separation, through FastAPI's
TestClient against a real nats-server and a local store (no separation worker: the tests play
its part by writing stems and finishing the job record)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from mixdown.events.bus import STAGE_STREAM, stage_subject
from mixdown.events.messages import JobRecord, JobStatus, StageMessage

EIGHT = ["drums", "bass", "vocals", "other", "kick", "snare", "cymbals", "toms"]


def call(client: TestClient, fn, *args):
    return client.portal.call(fn, *args)


def post_separation(client: TestClient, data: bytes | None, options: str | None = None, **extra: str):
    parts: list = [(key, (None, value)) for key, value in extra.items()]
    if options is not None:
        parts.append(("options", (None, options)))
    if data is not None:
        parts.append(("file", ("My Song.wav", data, "audio/wav")))
    return client.post("/v1/separations", files=parts)


@pytest.fixture
def song(make_audio) -> bytes:
    return make_audio("song.wav", seconds=2.0, channels=2).read_bytes()


def finish_separation(client: TestClient, job_id: str, names: list[str], make_audio, status=JobStatus.SUCCEEDED):
    """Do what the separation worker does: write stems, record them and the analysis, finish."""
    store = client.app.state.store
    artifacts = {}
    for index, name in enumerate(names):
        key = f"tenants/local/jobs/{job_id}/runs/r0-separation-i0/stems/{name}.wav"
        store.put_file(key, make_audio(f"{name}.wav", seconds=2.0, frequency_hz=110.0 * (index + 1)))
        artifacts[f"stems/{name}"] = key

    def finish(record: JobRecord) -> JobRecord:
        record.status = status
        record.artifacts = artifacts
        record.metrics["separation"] = {
            "stems": list(names), "format": "wav", "stem_audio": {}, "residual_db": -60.0, "compute_seconds": 1.0,
            "realtime_factor": 0.5,
            "analysis": {"bpm": 92.0, "bpm_confidence": 0.8, "key": "A minor", "key_confidence": 0.7,
                         "bpm_candidates": [{"bpm": 92.0, "score": 1.0}]},
        }
        return record

    call(client, client.app.state.bus.jobs.update, "local", job_id, finish)
    return artifacts


def test_a_song_becomes_a_queued_separation_job(client, song):
    response = post_separation(client, song, json.dumps(
        {"stems_required": ["drums", "bass", "vocals", "other"], "drum_separation": True, "format": "flac"}))
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    assert response.json() == {"id": job_id, "status": "queued"}
    assert response.headers["location"] == f"/v1/jobs/{job_id}"

    bus = client.app.state.bus
    record: JobRecord = call(client, bus.jobs.get, "local", job_id)
    assert (record.kind, record.plan, record.stage) == ("separation", ["separation"], "separation")
    assert record.options == {"stems_required": ["drums", "bass", "vocals", "other"], "drum_separation": True,
                              "format": "flac"}
    assert [(t.name, t.role, t.channels) for t in record.inputs] == [("My Song.wav", "song", 2)]
    assert record.inputs[0].key == f"tenants/local/jobs/{job_id}/inputs/01-My_Song.wav"

    info = call(client, bus.js.stream_info, STAGE_STREAM, "mixdown.stage.>")
    assert info.state.subjects == {stage_subject("separation"): 1}
    message = StageMessage.from_json(call(client, bus.js.get_last_msg, STAGE_STREAM, stage_subject("separation")).data)
    assert (message.job_id, message.stage) == (job_id, "separation")

    view = client.get(f"/v1/jobs/{job_id}").json()
    assert view["kind"] == "separation" and view["status"] == "queued" and view["analysis"] is None
    assert view["options"]["format"] == "flac"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (None, {"stems_required": [], "drum_separation": True, "format": "wav"}),
        ('{"format": "mp3"}', {"stems_required": [], "drum_separation": True, "format": "mp3"}),
        ('{"stems_required": ["vocals"]}', {"stems_required": ["vocals"], "drum_separation": False, "format": "wav"}),
        ('{"stems_required": ["kick", "vocals"]}',
         {"stems_required": ["kick", "vocals"], "drum_separation": True, "format": "wav"}),
        ('{"drum_separation": false}', {"stems_required": [], "drum_separation": False, "format": "wav"}),
        ('{"source": "song"}', {"stems_required": [], "drum_separation": True, "format": "wav"}),
        ('{"source": "drums"}', {"stems_required": [], "drum_separation": True, "format": "wav", "source": "drums"}),
        ('{"source": "drums", "stems_required": ["snare", "kick"], "format": "flac"}',
         {"stems_required": ["snare", "kick"], "drum_separation": True, "format": "flac", "source": "drums"}),
    ],
)
def test_options_defaults_are_made_explicit(client, song, options, expected):
    response = post_separation(client, song, options)
    assert response.status_code == 201, response.text
    record = call(client, client.app.state.bus.jobs.get, "local", response.json()["id"])
    assert record.options == expected


@pytest.mark.parametrize(
    ("options", "extra", "detail"),
    [
        ('{"stems_required": ["drums", "piano2"]}', {}, "options.stems_required: unknown stem(s) 'piano2'; stems: drums"),
        ('{"stems_required": "vocals"}', {}, "options.stems_required must be a list of stem names"),
        ('{"stems_required": ["vocals", "vocals"]}', {}, "names 'vocals' more than once"),
        ('{"format": "ogg"}', {}, "options.format must be one of wav, flac, mp3, got 'ogg'"),
        ('{"drum_separation": "yes"}', {}, "options.drum_separation must be true or false, got 'yes'"),
        ('{"drum_separation": 1}', {}, "options.drum_separation must be true or false, got 1"),
        ('{"stems_required": ["kick"], "drum_separation": false}', {}, "drum sub-stem(s) kick but drum_separation"),
        ('{"stem": ["vocals"]}', {}, "unknown option(s) 'stem'; accepted: stems_required, drum_separation, format, "
         "source"),
        ('{"source": "bass"}', {}, "options.source must be one of song, drums, got 'bass'"),
        ('{"source": ["drums"]}', {}, "options.source must be one of song, drums, got ['drums']"),
        ('{"source": "drums", "stems_required": ["kick", "vocals"]}', {},
         "options.source is 'drums' (the file is a drum stem, split into kick, snare, cymbals, toms): "
         "stems_required cannot name 'vocals'"),
        ('{"source": "drums", "drum_separation": false}', {}, "drum_separation cannot be false"),
        ("[1, 2]", {}, "options must be a JSON object"),
        ("{not json", {}, "options is not valid JSON"),
        ("{}", {"preset": "pop"}, "unknown form field(s) 'preset'; accepted: file, options"),
    ],
)
def test_bad_options_are_422s_naming_the_problem(client, song, options, extra, detail):
    response = post_separation(client, song, options, **extra)
    assert response.status_code == 422, response.text
    assert detail in response.json()["detail"]
    assert list(client.app.state.store.list("tenants/local/jobs")) == []
    assert call(client, client.app.state.bus.jobs.list_keys, "local") == []


def test_bad_uploads_are_refused(client, song):
    assert post_separation(client, None, "{}").json()["detail"].startswith("no file uploaded")
    not_audio = post_separation(client, b"these are lyrics\n" * 40, "{}")
    assert not_audio.status_code == 415 and "'My Song.wav' is not usable audio" in not_audio.json()["detail"]
    two = client.post("/v1/separations", files=[("file", ("a.wav", song, "audio/wav")),
                                                ("file", ("b.wav", song, "audio/wav"))])
    assert two.status_code == 422 and "too many files: at most 1" in two.json()["detail"]
    wrong_field = client.post("/v1/separations", files=[("files", ("a.wav", song, "audio/wav"))])
    assert wrong_field.status_code == 422 and "send audio files as repeated 'file' parts" in wrong_field.json()["detail"]
    assert list(client.app.state.store.list("tenants/local/jobs")) == []


def test_stems_download_one_by_one_and_as_a_zip(client, song, make_audio):
    job_id = post_separation(client, song, '{"drum_separation": true}').json()["id"]

    running = client.get(f"/v1/jobs/{job_id}/download/stems/vocals")
    assert running.status_code == 409 and "stem 'vocals' is not available yet" in running.json()["detail"]
    assert client.get(f"/v1/jobs/{job_id}/download/stems").status_code == 409

    artifacts = finish_separation(client, job_id, EIGHT, make_audio)
    view = client.get(f"/v1/jobs/{job_id}").json()
    assert view["status"] == "succeeded"
    assert view["analysis"]["bpm"] == 92.0 and view["analysis"]["key"] == "A minor"
    assert set(view["artifacts"]) == {f"stems/{name}" for name in EIGHT}

    store = client.app.state.store
    vocals = client.get(f"/v1/jobs/{job_id}/download/stems/vocals")
    assert vocals.status_code == 200 and vocals.headers["content-type"] == "audio/wav"
    assert vocals.headers["content-disposition"] == f'attachment; filename="{job_id}-vocals.wav"'
    assert vocals.content == store.get_bytes(artifacts["stems/vocals"])

    missing = client.get(f"/v1/jobs/{job_id}/download/stems/piano")
    assert missing.status_code == 404
    assert missing.json()["detail"] == f"job {job_id} has no stem 'piano'; available: {', '.join(EIGHT)}"
    assert client.get(f"/v1/jobs/{job_id}/download/stems/..%2Fmix").status_code == 404
    assert client.get(f"/v1/jobs/{'0' * 32}/download/stems/vocals").status_code == 404

    archive = client.get(f"/v1/jobs/{job_id}/download/stems")
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
    assert archive.headers["content-disposition"] == f'attachment; filename="{job_id}-stems.zip"'
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        assert zipped.namelist() == [f"{name}.wav" for name in EIGHT]
        assert zipped.testzip() is None
        for name in EIGHT:
            assert zipped.read(f"{name}.wav") == store.get_bytes(artifacts[f"stems/{name}"])


def test_a_mix_job_has_no_stems_to_download(client, make_audio):
    vocal = make_audio("vocal.wav").read_bytes()
    job_id = client.post("/v1/jobs", files=[("files", ("vocal.wav", vocal, "audio/wav"))]).json()["id"]
    assert client.get(f"/v1/jobs/{job_id}/download/stems").status_code == 409
    client.delete(f"/v1/jobs/{job_id}")
    gone = client.get(f"/v1/jobs/{job_id}/download/stems")
    assert gone.status_code == 404 and gone.json()["detail"] == f"job {job_id} has no artifact 'stems'; available: none"
    assert client.get(f"/v1/jobs/{job_id}").json()["analysis"] is None


def post_mix(client: TestClient, source: str, meta: list[dict], files: list | None = None):
    parts: list = [("from_separation", (None, source)), ("stems_meta", (None, json.dumps(meta))),
                   ("preset", (None, "modern_clean"))]
    return client.post("/v1/jobs", files=parts + (files or []))


MIX_META = [{"name": "vocals", "role": "lead_vocal"}, {"name": "drums", "role": "drums"},
            {"name": "bass", "role": "bass"}, {"name": "other", "role": "other"}]


def test_a_mix_job_starts_from_a_separation_without_reupload(client, song, make_audio):
    separation = post_separation(client, song, "{}").json()["id"]
    early = post_mix(client, separation, MIX_META)
    assert early.status_code == 409 and "is queued; submit the mix once it has succeeded" in early.json()["detail"]

    artifacts = finish_separation(client, separation, EIGHT, make_audio)
    adlib = make_audio("adlib.wav", seconds=2.0).read_bytes()
    response = post_mix(client, separation, [*MIX_META, {"name": "adlib.wav", "role": "adlib"}],
                        [("files", ("adlib.wav", adlib, "audio/wav"))])
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    record: JobRecord = call(client, client.app.state.bus.jobs.get, "local", job_id)
    assert (record.kind, record.plan) == ("mix", ["mixing", "mastering", "qc"])
    assert [(t.name, t.role) for t in record.inputs] == [
        ("vocals", "lead_vocal"), ("drums", "drums"), ("bass", "bass"), ("other", "other"), ("adlib.wav", "adlib")]
    assert record.options == {"from_separation": separation, "stems": ["vocals", "drums", "bass", "other"]}
    store = client.app.state.store
    for track in record.inputs[:4]:
        assert track.key.startswith(f"tenants/local/jobs/{job_id}/inputs/")  # a copy under the mix job
        assert store.get_bytes(track.key) == store.get_bytes(artifacts[f"stems/{track.name}"])
        assert track.sample_rate_hz == 44100 and track.channels == 2 and track.frames == 88200


@pytest.mark.parametrize(
    ("source", "meta", "status", "detail"),
    [
        ("0" * 32, MIX_META, 422, f"from_separation: job {'0' * 32} not found"),
        ("../x", MIX_META, 422, "from_separation '../x' is not a job id"),
        (None, [{"name": "vocals", "role": "singer"}], 422, "unknown role 'singer' for 'vocals'"),
        (None, [{"name": "flute", "role": "other"}], 422, "'flute', which is neither a stem"),
        (None, [{"name": "piano", "role": "keys"}, {"name": "vocals", "role": "lead_vocal"}], 422,
         "has no stem 'piano'; it has drums, bass, vocals, other"),
        (None, [{"name": "drums", "role": "drums"}], 422, "a vocal mix needs one track with role lead_vocal"),
    ],
)
def test_bad_mixes_from_a_separation(client, song, make_audio, source, meta, status, detail):
    separation = post_separation(client, song, '{"drum_separation": false}').json()["id"]
    finish_separation(client, separation, ["drums", "bass", "vocals", "other"], make_audio)
    response = post_mix(client, source or separation, meta)
    assert response.status_code == status, response.text
    assert detail in response.json()["detail"]
    no_meta = client.post("/v1/jobs", files=[("from_separation", (None, separation))])
    assert no_meta.status_code == 422 and "from_separation needs stems_meta" in no_meta.json()["detail"]


def test_a_mix_cannot_start_from_a_failed_separation_or_a_mix(client, song, make_audio):
    failed = post_separation(client, song, "{}").json()["id"]
    finish_separation(client, failed, [], make_audio, status=JobStatus.FAILED)
    response = post_mix(client, failed, MIX_META)
    assert response.status_code == 422 and f"separation {failed} failed" in response.json()["detail"]
    vocal = make_audio("vocal.wav").read_bytes()
    mix = client.post("/v1/jobs", files=[("files", ("vocal.wav", vocal, "audio/wav"))]).json()["id"]
    response = post_mix(client, mix, MIX_META)
    assert response.status_code == 422 and "is a mix job, not a separation" in response.json()["detail"]


def test_the_api_schema_documents_separations(client):
    schema = client.get("/openapi.json").json()
    assert {"/v1/separations", "/v1/jobs/{job_id}/download/stems", "/v1/jobs/{job_id}/download/stems/{name}"} <= set(
        schema["paths"])
    body = schema["paths"]["/v1/separations"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["required"] == ["file"] and set(body["properties"]) == {"file", "options", "callback_url"}
    assert "AnalysisView" in schema["components"]["schemas"]
    jobs_body = schema["paths"]["/v1/jobs"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert "from_separation" in jobs_body["properties"]
