"""The gateway and the mixing console's parameters: GET /v1/parameters, overrides checked at submission."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from mixdown.catalog import MAX_TRACKS, PRESETS, ROLE_KEYWORDS, ROLE_LABELS, ROLES, TARGETS, VOCAL_ROLES
from mixdown.mixparams import TRACK_PROCESSORS, export

META = json.dumps([{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"}])


@pytest.fixture
def files(make_audio):
    return [("files", ("vocal.wav", make_audio("vocal.wav", channels=1).read_bytes(), "audio/wav")),
            ("files", ("beat.wav", make_audio("beat.wav", kind="noise").read_bytes(), "audio/wav"))]


def post(client: TestClient, files, overrides: dict | str) -> object:
    text = overrides if isinstance(overrides, str) else json.dumps(overrides)
    return client.post("/v1/jobs", files=[("stems_meta", (None, META)), ("overrides", (None, text)), *files])


def test_parameters_lists_the_tables_by_processor(client):
    response = client.get("/v1/parameters")
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(export()))
    assert [p["processor"] for p in body["track"]] == list(TRACK_PROCESSORS)
    hpf = body["track"][1]["parameters"][0]
    assert hpf["name"] == "hpf_cutoff_hz" and hpf["unit"] == "Hz" and hpf["min"] == 20.0
    assert "/v1/parameters" in client.get("/openapi.json").json()["paths"]


def test_catalog_serves_the_job_form_vocabulary(client):
    """What the web studio builds its form from, as declared in mixdown.catalog."""
    response = client.get("/v1/catalog")
    assert response.status_code == 200
    body = response.json()
    assert [r["name"] for r in body["roles"]] == list(ROLES)
    assert {r["name"]: r["label"] for r in body["roles"]} == ROLE_LABELS
    assert {r["name"] for r in body["roles"] if r["vocal"]} == set(VOCAL_ROLES)
    assert body["max_tracks"] == MAX_TRACKS
    assert [(r["role"], tuple(r["keywords"])) for r in body["role_keywords"]] == list(ROLE_KEYWORDS)
    assert body["targets"] == json.loads(json.dumps(TARGETS.export()))
    assert {t["name"]: (t["min"], t["max"]) for t in body["targets"]}["ceiling_dbtp"] == (-20.0, 0.0)
    assert [p["name"] for p in body["presets"]] == list(PRESETS)
    assert "/v1/catalog" in client.get("/openapi.json").json()["paths"]


def test_valid_overrides_are_stored_with_the_job(client, files):
    overrides = {"tracks": {"beat.wav": {"gain_db": -3, "duck_amount": 0.5}},
                 "buses": {"reverb": {"reverb_room_size": 0.8}}, "bpm": 92}
    response = post(client, files, overrides)
    assert response.status_code == 201, response.text
    job = client.get(f"/v1/jobs/{response.json()['id']}").json()
    assert job["overrides"] == overrides


@pytest.mark.parametrize(("overrides", "detail"), [
    ({"tracks": {"drums.wav": {"gain_db": 1}}}, "unknown track 'drums.wav'"),
    ({"tracks": {"beat.wav": {"ratio": 2}}}, "beat.wav.ratio: unknown parameter"),
    ({"tracks": {"beat.wav": {"comp_ratio": 50}}}, "beat.wav.comp_ratio=50 is outside [1, 20]"),
    ({"tracks": {"vocal.wav": {"pan": 0.5}}}, "the lead vocal stays mono and centred"),
    ({"buses": {"delay": {"delay_feedback": 2}}}, "delay.delay_feedback=2 is outside"),
    ({"buses": {"master": {"glue_ratio": 2}}}, "unknown bus 'master'"),
    ({"bpm": 400}, "overrides.bpm=400 is outside"),
    ({"gain_db": 1}, "overrides: unknown key(s) 'gain_db'"),
    ('{"tracks": {"beat.wav": {"gain_db": "loud"}}}', "overrides.tracks.beat.wav.gain_db must be a number"),
])
def test_bad_overrides_get_a_422_naming_them(client, files, overrides, detail):
    response = post(client, files, overrides)
    assert response.status_code == 422, response.text
    assert detail in response.json()["detail"]
