"""Hostile, broken and odd input at the gateway, against a real nats-server and a local store.

Every refused request must come back as a 4xx whose message names the file or field and the
problem, leave nothing behind (no object under the tenant's jobs, no job record, no spooled
upload) and leave the gateway serving. Valid but unusual audio must be accepted with the
values the probe reads. Oversized bodies must be refused without being held in memory.
The corpus is generated here and in :mod:`tests.hostile_corpus`; no binary fixture is stored.
"""

from __future__ import annotations

import itertools
import json
import math
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mixdown.apikeys import new_api_key
from mixdown.events.messages import JobRecord, JobStatus
from mixdown.events.outputs import StageOutputs
from mixdown.mixparams import BUS_NAMES, defaults
from mixdown_dev.procs import start_nats
from mixdown_gateway.settings import GatewaySettings
from tests import hostile_corpus as hc
from tests.auth import api_client, bearer
from tests.hostile_corpus import Part

MiB = 1024 * 1024
MAX_UPLOAD_BYTES = 2 * MiB
MAX_REQUEST_BYTES = 8 * MiB


def gateway_test_settings(root: Path, nats_url: str, **overrides) -> GatewaySettings:
    """Settings of a gateway on ``nats_url`` with a local store under ``root`` and a development
    API key for the default tenant."""
    values = dict(
        nats_url=nats_url, nats_connect_attempts=5, storage_backend="local", storage_root=root / "objects",
        work_dir=root / "work", grpc_enabled=False, grpc_port=0, sse_heartbeat_seconds=0.3,
        shutdown_grace_seconds=1.0, dev_api_key=new_api_key(),
    )
    return GatewaySettings(**{**values, **overrides})


def auth_headers(settings: GatewaySettings) -> dict[str, str]:
    return bearer(settings.dev_api_key)


def open_client(settings: GatewaySettings) -> TestClient:
    return api_client(settings)


@pytest.fixture(scope="module")
def nats(tmp_path_factory):
    server = start_nats(tmp_path_factory.mktemp("nats"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def settings(tmp_path_factory, nats) -> GatewaySettings:
    return gateway_test_settings(tmp_path_factory.mktemp("gateway"), nats.url,
                                 max_upload_bytes=MAX_UPLOAD_BYTES, max_request_bytes=MAX_REQUEST_BYTES)


@pytest.fixture(scope="module")
def client(settings):
    with open_client(settings) as test_client:
        yield test_client


def stored(client: TestClient) -> tuple[list[str], list[str]]:
    """The tenant's job objects and job records."""
    tenant = client.app.state.settings.default_tenant
    keys = sorted(client.app.state.store.list(f"tenants/{tenant}/jobs"))
    records = sorted(client.portal.call(client.app.state.bus.jobs.list_keys, tenant))
    return keys, records


def spooled(client: TestClient) -> list[Path]:
    folder = client.app.state.settings.work_dir / "uploads"
    return list(folder.iterdir()) if folder.exists() else []


def post(client: TestClient, path: str, body: bytes, content_type: str | None = hc.content_type(),
         headers: dict[str, str] | None = None):
    sent = dict(headers or {})
    if content_type is not None:
        sent["content-type"] = content_type
    return client.post(path, content=body, headers=sent)


def assert_refused_cleanly(client: TestClient, response, status: int, fragments: tuple[str, ...], before) -> None:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and len(detail) < 2000, detail
    for fragment in fragments:
        assert fragment in detail, (fragment, detail)
    assert str(client.app.state.settings.work_dir) not in detail, "the message leaks a server path"
    assert stored(client) == before, "a refused request stored something"
    assert spooled(client) == [], "a refused upload left its spool behind"
    assert client.get("/healthz").json() == {"status": "ok"}


# --- the corpus ------------------------------------------------------------------------------

GOOD = "beat.wav"


def _good() -> Part:
    return Part("files", hc.wav(0.5, 44100, 2), GOOD, "audio/wav")


def _meta(*entries: tuple[str, str]) -> Part:
    return Part("stems_meta", json.dumps([{"name": n, "role": r} for n, r in entries]).encode())


@dataclass(frozen=True)
class Refusal:
    id: str
    parts: Callable[[], list[Part]] | None
    status: int
    fragments: tuple[str, ...]
    body: Callable[[], bytes] | None = None
    content_type: str | None = field(default_factory=hc.content_type)


def bad_file(case_id: str, name: str, data: Callable[[], bytes], status: int, problem: str) -> Refusal:
    """A mix job of a good beat and one bad file ``name``: refused naming the file and ``problem``."""
    return Refusal(case_id, lambda: [_good(), Part("files", data(), name, "audio/wav"),
                                     _meta((GOOD, "instrumental"), (name, "lead_vocal"))],
                   status, (f"file {name!r}", problem))


def fields(case_id: str, status: int, fragments: tuple[str, ...], *extra: Part, meta: bool = True) -> Refusal:
    """The good beat, its stems_meta, preset pop unless ``extra`` names one, and ``extra`` form fields."""
    base = [_good(), _meta((GOOD, "instrumental"))] if meta else [_good()]
    if not any(part.name == "preset" for part in extra):
        base.append(Part("preset", b"pop"))
    return Refusal(case_id, lambda: [*base, *extra], status, fragments)


def text(name: str, value: str | bytes) -> Part:
    return Part(name, value if isinstance(value, bytes) else value.encode())


JOB_REFUSALS: list[Refusal] = [
    # files that are not audio, or cut short
    bad_file("empty-file", "vocal.wav", lambda: b"", 422, "is empty"),
    bad_file("text-renamed-wav", "vocal.wav", lambda: b"verse 1: la la la\n" * 60, 415,
             "not a recognised audio format"),
    bad_file("wav-cut-in-header", "vocal.wav", lambda: hc.wav()[:30], 415, "not a recognised audio format"),
    bad_file("wav-cut-mid-data", "vocal.wav", lambda: hc.cut(hc.wav(4.0), 0.5), 422,
             "but the file holds only"),
    bad_file("flac-cut-in-header", "vocal.flac", lambda: hc.flac()[:30], 415, "not a recognised audio format"),
    bad_file("flac-cut-mid-data", "vocal.flac", lambda: hc.cut(hc.flac(4.0), 0.5), 422,
             "the FLAC stream ends before them; the file is truncated"),
    bad_file("mp3-cut-in-header", "vocal.mp3", lambda: hc.mp3()[:100], 415, "not a recognised audio format"),
    bad_file("mp3-cut-mid-data", "vocal.mp3", lambda: hc.cut(hc.mp3(4.0), 0.5), 422,
             "the MP3 stream ends before them; the file is truncated"),
    bad_file("wav-gsm-610-codec", "vocal.wav", lambda: hc.encoded(hc.tone(0.5, 8000, 1), 8000, "WAV", "GSM610"),
             415, "uses the GSM 6.10 audio codec"),
    bad_file("ogg-opus-codec", "vocal.ogg", lambda: hc.encoded(hc.tone(0.5, 48000, 1), 48000, "OGG", "OPUS"), 415,
             "OGG/OPUS audio is not supported"),
    # headers that lie
    bad_file("wav-4-gb-data-chunk-in-1-kb", "vocal.wav",
             lambda: hc.riff_wav(channels=2, sample_rate_hz=44100, data=bytes(980), declared_data_bytes=0xFFFFFFF0),
             422, "bytes of PCM_16 samples) but the file holds only 1024 bytes"),
    bad_file("wav-zero-channels", "vocal.wav", lambda: hc.riff_wav(channels=0, sample_rate_hz=44100, data=bytes(999)),
             422, "0 channels; 1 to 2 are accepted"),
    bad_file("wav-64-channels", "vocal.wav",
             lambda: hc.riff_wav(channels=64, sample_rate_hz=44100, data=bytes(64 * 2 * 50)),
             422, "64 channels; 1 to 2 are accepted"),
    bad_file("wav-6-channels", "vocal.wav", lambda: hc.wav(0.5, 48000, 6), 422, "6 channels; 1 to 2 are accepted"),
    bad_file("wav-1-hz", "vocal.wav", lambda: hc.riff_wav(channels=1, sample_rate_hz=1, data=bytes(1000)),
             422, "sample rate 1 Hz is outside 8000..192000 Hz"),
    bad_file("wav-10-mhz", "vocal.wav", lambda: hc.riff_wav(channels=1, sample_rate_hz=10_000_000, data=bytes(1000)),
             422, "sample rate 10000000 Hz is outside 8000..192000 Hz"),
    bad_file("wav-zero-hz", "vocal.wav", lambda: hc.riff_wav(channels=1, sample_rate_hz=0, data=bytes(1000)),
             422, "sample rate 0 Hz is outside"),
    bad_file("wav-zero-bits", "vocal.wav", lambda: hc.riff_wav(channels=1, sample_rate_hz=44100, bits=0,
                                                               data=bytes(1000)),
             422, "declares 0 bits per sample"),
    bad_file("wav-no-frames", "vocal.wav", lambda: hc.riff_wav(channels=2, sample_rate_hz=44100), 422,
             "contains no audio frames"),
    bad_file("wav-10-hours-declared", "vocal.wav",
             lambda: hc.riff_wav(channels=1, sample_rate_hz=8000, data=bytes(1000),
                                 declared_data_bytes=10 * 3600 * 8000 * 2),
             422, "declares 288000000 frames (36000.0 s"),
    bad_file("flac-10-hours-declared", "vocal.flac", lambda: hc.flac_declaring_frames(10 * 3600 * 8000), 422,
             "(36000.0 s), over the 1200 s limit"),
    bad_file("float-wav-nan", "vocal.wav", lambda: hc.float_wav_with(math.nan), 422,
             "NaN or infinite samples (first at frame 12000"),
    bad_file("float-wav-plus-inf", "vocal.wav", lambda: hc.float_wav_with(math.inf), 422, "NaN or infinite samples"),
    bad_file("float-wav-minus-inf", "vocal.wav", lambda: hc.float_wav_with(-math.inf), 422,
             "NaN or infinite samples"),
    bad_file("double-wav-nan", "vocal.wav", lambda: hc.encoded(
        hc.tone(0.2, 44100, 1) * math.nan, 44100, "WAV", "DOUBLE"), 422, "NaN or infinite samples (first at frame 0"),
    # sizes and counts
    bad_file("file-over-the-size-limit", "vocal.wav", lambda: hc.wav(12.0, 48000, 2), 413,
             "is larger than the 2 MiB limit per file"),
    Refusal("too-many-files", lambda: [Part("files", hc.wav(0.1, 8000, 1), f"kick{i}.wav") for i in range(13)],
            422, ("too many files: at most 12 per job", "'kick12.wav' is number 13")),
    Refusal("duplicate-file-names", lambda: [_good(), _good(), Part("preset", b"pop")], 422,
            ("duplicate file name 'beat.wav'",)),
    Refusal("file-in-the-wrong-field", lambda: [Part("file", hc.wav(0.2), "beat.wav")], 422,
            ("file 'beat.wav' was sent in field 'file'; send audio files as repeated 'files' parts",)),
    Refusal("no-files", lambda: [Part("preset", b"pop")], 422, ("no files uploaded",)),
    # file names
    Refusal("nul-in-file-name", lambda: [Part("files", hc.wav(0.2), "vo\x00cal.wav")], 422,
            ("file name 'vo\\x00cal.wav' contains control characters",)),
    Refusal("control-characters-in-file-name", lambda: [Part("files", hc.wav(0.2), "vocal\x1b[31m\x07.wav")], 422,
            ("contains control characters",)),
    Refusal("very-long-file-name", lambda: [Part("files", hc.wav(0.2), "v" * 300 + ".wav")], 422,
            ("is 304 characters long; at most 255 are accepted",)),
    Refusal("file-name-that-is-a-folder", lambda: [Part("files", hc.wav(0.2), "../..")], 422,
            ("file name '../..' names a folder, not a file",)),
    Refusal("file-name-over-the-header-limit", lambda: [Part("files", hc.wav(0.2), "v" * 5000 + ".wav")], 400,
            ("malformed multipart body",)),
    # stems_meta
    fields("stems-meta-not-json", 422, ("stems_meta is not valid JSON",), text("stems_meta", "[{name: beat.wav"),
           meta=False),
    fields("stems-meta-not-a-list", 422, ("stems_meta must be a JSON list",),
           text("stems_meta", '{"beat.wav": "instrumental"}'), meta=False),
    fields("stems-meta-missing-role", 422, ("stems_meta[0] must be an object",),
           text("stems_meta", '[{"name": "beat.wav"}]'), meta=False),
    fields("stems-meta-duplicate-names", 422, ("stems_meta names 'beat.wav' twice",),
           text("stems_meta", json.dumps([{"name": GOOD, "role": "instrumental"}] * 2)), meta=False),
    fields("stems-meta-names-no-upload", 422, ("stems_meta names 'ghost.wav' but no file of that name",),
           text("stems_meta", json.dumps([{"name": GOOD, "role": "instrumental"},
                                          {"name": "ghost.wav", "role": "bass"}])), meta=False),
    fields("stems-meta-unknown-role", 422, ("unknown role 'singer' for 'beat.wav'; allowed roles: lead_vocal",),
           text("stems_meta", json.dumps([{"name": GOOD, "role": "singer"}])), meta=False),
    fields("stems-meta-huge-role-is-not-echoed-whole", 422, ("unknown role 'rrrr", "... for 'beat.wav'; allowed roles"),
           text("stems_meta", json.dumps([{"name": GOOD, "role": "r" * 20000}])), meta=False),
    fields("stems-meta-over-the-field-limit", 413, ("form field 'stems_meta' is larger than 64 KiB",),
           text("stems_meta", json.dumps([{"name": GOOD, "role": "instrumental"}] * 3000)), meta=False),
    # preset and targets
    fields("unknown-preset", 422, ("unknown preset 'lofi'; choose one of: modern_clean",), text("preset", "lofi")),
    fields("target-lufs-plus-5", 422, ("targets.target_lufs=5 is outside [-40, -5] LUFS",),
           text("targets", '{"target_lufs": 5}')),
    fields("ceiling-plus-3-dbtp", 422, ("targets.ceiling_dbtp=3 is outside", "dBTP"),
           text("targets", '{"ceiling_dbtp": 3}')),
    fields("target-lufs-nan", 422, ("target_lufs must be a finite number, got nan",),
           text("targets", '{"target_lufs": NaN}')),
    fields("ceiling-infinity", 422, ("ceiling_dbtp must be a finite number, got -inf",),
           text("targets", '{"ceiling_dbtp": -Infinity}')),
    fields("target-lufs-a-string", 422, ("target_lufs 'loud' is neither a number nor one of: streaming",),
           text("targets", '{"target_lufs": "loud"}')),
    fields("target-lufs-a-list", 422, ("target_lufs must be a finite number, got [-14]",),
           text("targets", '{"target_lufs": [-14]}')),
    fields("targets-not-json", 422, ("targets is not valid JSON",), text("targets", "{target_lufs: -14")),
    fields("targets-not-an-object", 422, ("targets must be a JSON object",), text("targets", "[-14, -1]")),
    fields("unknown-target", 422, ("targets: unknown parameter 'lufs'",), text("targets", '{"lufs": -14}')),
    # overrides
    fields("overrides-unknown-parameter", 422, ("unknown parameter",),
           text("overrides", json.dumps({"tracks": {GOOD: {"warmth_db": 3}}}))),
    fields("overrides-out-of-range", 422, ("reverb_send_db=40 is outside",),
           text("overrides", json.dumps({"tracks": {GOOD: {"reverb_send_db": 40}}}))),
    fields("overrides-nested-too-deep", 422, ("nested deeper than 4 levels",),
           text("overrides", json.dumps({"tracks": {GOOD: {"a": {"b": {"c": {"d": 1}}}}}}))),
    # the form itself
    fields("unknown-form-field", 422, ("unknown form field(s) 'presets'",), text("presets", "pop")),
    fields("field-sent-twice", 422, ("form field 'preset' was sent 2 times",), text("preset", "pop"),
           text("preset", "rock")),
    fields("field-not-utf-8", 400, ("form field 'targets' is not valid utf-8",), text("targets", b"\xff\xfe{}")),
    fields("too-many-form-fields", 422, ("too many form fields: at most 32",),
           *[text(f"x{i}", "1") for i in range(40)]),
    fields("from-separation-not-a-job-id", 422, ("from_separation '../../x' is not a job id",),
           text("from_separation", "../../x")),
    Refusal("json-instead-of-multipart", None, 415,
            ("expected a multipart/form-data body, got Content-Type application/json",),
            body=lambda: b'{"files": []}', content_type="application/json"),
    Refusal("text-plain-body", None, 415, ("got Content-Type text/plain",), body=lambda: b"vocal.wav",
            content_type="text/plain"),
    Refusal("no-content-type", None, 415, ("got Content-Type none",), body=lambda: b"--x\r\n", content_type=None),
    Refusal("multipart-without-boundary", None, 400, ("without a boundary parameter",), body=lambda: b"--x--\r\n",
            content_type="multipart/form-data"),
    Refusal("multipart-unknown-charset", None, 415, ("unknown charset 'klingon'",), body=lambda: b"--x--\r\n",
            content_type="multipart/form-data; boundary=x; charset=klingon"),
    Refusal("multipart-charset-not-a-text-encoding", None, 415, ("unknown charset 'rot13'",),
            body=lambda: b"--x--\r\n", content_type="multipart/form-data; boundary=x; charset=rot13"),
    Refusal("multipart-truncated", None, 400, ("the closing boundary is missing",),
            body=lambda: hc.multipart([_good()])[:-40]),
    Refusal("multipart-part-without-name", None, 400, ('has no Content-Disposition "name"',),
            body=lambda: f"--{hc.BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{hc.BOUNDARY}--\r\n".encode()),
]


def _body(case: Refusal) -> bytes:
    return case.body() if case.body is not None else hc.multipart(case.parts())


def test_the_corpus_is_large_and_distinct():
    ids = [case.id for case in JOB_REFUSALS]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", JOB_REFUSALS, ids=lambda case: case.id)
def test_a_hostile_job_submission_is_refused_naming_the_problem(client, case):
    before = stored(client)
    response = post(client, "/v1/jobs", _body(case), case.content_type)
    assert_refused_cleanly(client, response, case.status, case.fragments, before)


def test_a_declared_body_over_the_request_limit_is_refused_from_its_headers(client):
    before = stored(client)
    response = post(client, "/v1/jobs", hc.multipart([_good()]), headers={"content-length": str(1 << 40)})
    assert_refused_cleanly(client, response, 413, ("request body of 1099511627776 bytes",
                                                   "larger than the 8 MiB limit per request"), before)


# --- valid but odd audio -----------------------------------------------------------------------

@dataclass(frozen=True)
class Odd:
    id: str
    name: str
    data: Callable[[], bytes]
    sample_rate_hz: int
    channels: int
    duration_seconds: float


ODD_AUDIO = [
    Odd("mono-8-khz", "vocal.wav", lambda: hc.wav(1.0, 8000, 1), 8000, 1, 1.0),
    Odd("stereo-22-05-khz", "vocal.wav", lambda: hc.wav(1.0, 22050, 2), 22050, 2, 1.0),
    Odd("96-khz-24-bit", "vocal.wav", lambda: hc.wav(0.5, 96000, 2, "PCM_24"), 96000, 2, 0.5),
    Odd("192-khz-float", "vocal.wav", lambda: hc.wav(0.25, 192000, 1, "FLOAT"), 192000, 1, 0.25),
    Odd("8-bit-unsigned", "vocal.wav", lambda: hc.wav(1.0, 11025, 1, "PCM_U8"), 11025, 1, 1.0),
    Odd("64-bit-float", "vocal.wav", lambda: hc.wav(0.5, 44100, 2, "DOUBLE"), 44100, 2, 0.5),
    Odd("very-quiet-minus-100-dbfs", "vocal.wav", lambda: hc.wav(1.0, 44100, 2, level=1e-5), 44100, 2, 1.0),
    Odd("float-beyond-full-scale", "vocal.wav", lambda: hc.wav(0.5, 48000, 2, "FLOAT", level=4.0), 48000, 2, 0.5),
    Odd("ima-adpcm", "vocal.wav", lambda: hc.encoded(hc.tone(1.0, 22050, 1), 22050, "WAV", "IMA_ADPCM"),
        22050, 1, 1.0),
    Odd("mu-law", "vocal.wav", lambda: hc.encoded(hc.tone(1.0, 8000, 1), 8000, "WAV", "ULAW"), 8000, 1, 1.0),
    Odd("wave-extensible", "vocal.wav", lambda: hc.encoded(hc.tone(0.5, 48000, 2), 48000, "WAVEX", "PCM_24"),
        48000, 2, 0.5),
    Odd("wav-with-odd-list-chunk-before-data", "vocal.wav",
        lambda: hc.with_chunk_before_data(hc.wav(0.5, 44100, 2), b"LIST", b"INFOISFT\x03\x00\x00\x00ab\x00"),
        44100, 2, 0.5),
    Odd("aiff", "vocal.aiff", lambda: hc.encoded(hc.tone(0.5, 44100, 2), 44100, "AIFF", "PCM_16"), 44100, 2, 0.5),
    Odd("flac-24-bit-48-khz", "vocal.flac", lambda: hc.encoded(hc.tone(0.5, 48000, 2), 48000, "FLAC", "PCM_24"),
        48000, 2, 0.5),
    Odd("mp3-mono-22-05-khz", "vocal.mp3", lambda: hc.mp3(1.0, 22050, 1), 22050, 1, 1.0),
    Odd("ogg-vorbis", "vocal.ogg", lambda: hc.encoded(hc.tone(1.0, 44100, 2), 44100, "OGG", "VORBIS"), 44100, 2, 1.0),
]


@pytest.mark.parametrize("odd", ODD_AUDIO, ids=lambda odd: odd.id)
def test_valid_but_odd_audio_is_accepted_with_what_the_probe_reads(client, odd):
    data = odd.data()
    response = post(client, "/v1/jobs", hc.multipart([
        _good(), Part("files", data, odd.name), _meta((GOOD, "instrumental"), (odd.name, "lead_vocal"))]))
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    view = client.get(f"/v1/jobs/{job_id}").json()
    assert view["inputs"][1]["name"] == odd.name
    assert view["inputs"][1]["sample_rate_hz"] == odd.sample_rate_hz
    assert view["inputs"][1]["channels"] == odd.channels
    assert view["inputs"][1]["duration_seconds"] == pytest.approx(odd.duration_seconds, abs=0.06)
    store = client.app.state.store
    tenant = client.app.state.settings.default_tenant
    key = next(k for k in store.list(f"tenants/{tenant}/jobs/{job_id}/inputs") if k.endswith(f"02-{odd.name}"))
    assert store.get_bytes(key) == data  # stored as uploaded, never re-encoded
    assert spooled(client) == []


@pytest.mark.parametrize(
    ("sent", "shown_name", "stored_name"),
    [
        ("../../etc/passwd.wav", "passwd.wav", "02-passwd.wav"),
        ("/etc/cron.d/vocal.wav", "vocal.wav", "02-vocal.wav"),
        ("C:\\Users\\me\\Desktop\\Lead Vox.wav", "Lead Vox.wav", "02-Lead_Vox.wav"),
        ("..\\..\\windows\\system32\\take 2.wav", "take 2.wav", "02-take_2.wav"),
        ("...wav", "...wav", "02-wav"),
    ],
)
def test_path_qualified_file_names_lose_their_folders(client, settings, sent, shown_name, stored_name):
    """RFC 7578 4.2: a receiver must not use a sent path; the name keeps only its last part and
    is stored under a safe key inside the job."""
    response = post(client, "/v1/jobs", hc.multipart([
        _good(), Part("files", hc.wav(0.3, 44100, 1), sent), _meta((GOOD, "instrumental"), (shown_name, "lead_vocal"))]))
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    assert client.get(f"/v1/jobs/{job_id}").json()["inputs"][1]["name"] == shown_name
    tenant = client.app.state.settings.default_tenant
    keys = list(client.app.state.store.list(f"tenants/{tenant}/jobs/{job_id}"))
    assert f"tenants/{tenant}/jobs/{job_id}/inputs/{stored_name}" in keys
    objects = (settings.storage_root).resolve()
    written = [p for p in objects.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(objects / "tenants" / tenant / "jobs") for p in written)


# --- separations -------------------------------------------------------------------------------

def _song(data: bytes | None = None, name: str = "song.wav") -> Part:
    return Part("file", hc.wav(0.5, 44100, 2) if data is None else data, name, "audio/wav")


SEPARATION_REFUSALS: list[Refusal] = [
    Refusal("empty-song", lambda: [_song(b"")], 422, ("file 'song.wav' is empty",)),
    Refusal("text-renamed-wav", lambda: [_song(b"lyrics " * 100)], 415,
            ("file 'song.wav' is not usable audio: not a recognised audio format",)),
    Refusal("flac-cut-mid-data", lambda: [_song(hc.cut(hc.flac(4.0), 0.5), "song.flac")], 422,
            ("file 'song.flac'", "truncated")),
    Refusal("nan-samples", lambda: [_song(hc.float_wav_with(math.nan))], 422, ("NaN or infinite samples",)),
    Refusal("six-channels", lambda: [_song(hc.wav(0.5, 48000, 6))], 422, ("6 channels; 1 to 2 are accepted",)),
    Refusal("wav-4-gb-data-chunk", lambda: [_song(hc.riff_wav(channels=2, sample_rate_hz=44100, data=bytes(980),
                                                              declared_data_bytes=0xFFFFFFF0))],
            422, ("but the file holds only 1024 bytes",)),
    Refusal("over-the-size-limit", lambda: [_song(hc.wav(12.0, 48000, 2))], 413,
            ("'song.wav' is larger than the 2 MiB limit per file",)),
    Refusal("two-songs", lambda: [_song(), _song(name="other.wav")], 422, ("too many files: at most 1",)),
    Refusal("song-in-the-files-field", lambda: [Part("files", hc.wav(0.2), "song.wav")], 422,
            ("send audio files as repeated 'file' parts",)),
    Refusal("no-song", lambda: [text("options", "{}")], 422, ("no file uploaded",)),
    Refusal("nul-in-file-name", lambda: [_song(name="so\x00ng.wav")], 422, ("contains control characters",)),
    Refusal("options-not-json", lambda: [_song(), text("options", "{stems")], 422, ("options is not valid JSON",)),
    Refusal("options-not-an-object", lambda: [_song(), text("options", '["drums"]')], 422,
            ("options must be a JSON object",)),
    Refusal("unknown-option", lambda: [_song(), text("options", '{"model": "htdemucs"}')], 422,
            ("unknown option(s) 'model'",)),
    Refusal("unknown-stem", lambda: [_song(), text("options", '{"stems_required": ["kazoo"]}')], 422,
            ("unknown stem(s) 'kazoo'",)),
    Refusal("unknown-format", lambda: [_song(), text("options", '{"format": "ogg"}')], 422,
            ("options.format must be one of wav, flac, mp3, got 'ogg'",)),
    Refusal("drum-stems-without-drum-separation",
            lambda: [_song(), text("options", '{"stems_required": ["kick"], "drum_separation": false}')], 422,
            ("drum_separation is false",)),
    Refusal("options-over-the-field-limit", lambda: [_song(), text("options", " " * (65 * 1024))], 413,
            ("form field 'options' is larger than 64 KiB",)),
    Refusal("unknown-field", lambda: [_song(), text("stems", "drums")], 422, ("unknown form field(s) 'stems'",)),
    Refusal("json-instead-of-multipart", None, 415, ("expected a multipart/form-data body",),
            body=lambda: b'{"file": "song.wav"}', content_type="application/json"),
]


@pytest.mark.parametrize("case", SEPARATION_REFUSALS, ids=lambda case: case.id)
def test_a_hostile_separation_upload_is_refused_naming_the_problem(client, case):
    before = stored(client)
    response = post(client, "/v1/separations", _body(case), case.content_type)
    assert_refused_cleanly(client, response, case.status, case.fragments, before)


# --- revisions and previews --------------------------------------------------------------------

def make_finished_job(client: TestClient) -> str:
    """A mix job marked succeeded with a mix's parameters and artifacts, as the stages leave it."""
    response = post(client, "/v1/jobs", hc.multipart([
        Part("files", hc.wav(0.5, 44100, 1), "vocal.wav"), _good(),
        _meta(("vocal.wav", "lead_vocal"), (GOOD, "instrumental"))]))
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    tenant = client.app.state.settings.default_tenant
    prefix = f"tenants/{tenant}/jobs/{job_id}/runs/r0"
    for name in ("mix.wav", "master.wav"):
        client.app.state.store.put_bytes(f"{prefix}/{name}", hc.wav(0.2))

    def finish(record: JobRecord) -> JobRecord:
        vocal = {**defaults("vocal.wav"), "pan": 0.0, "width_percent": 0.0}
        record.parameters = StageOutputs.model_validate({
            "mixing": {"preset": "modern_clean", "sample_rate_hz": 44100, "bpm": 120.0,
                       "tracks": {"vocal.wav": vocal, GOOD: defaults(GOOD)},
                       "buses": {bus: defaults(bus) for bus in BUS_NAMES}},
            "mastering": {"settings": {}, "targets": {"target_lufs": -14.0}, "corrections": {}}})
        record.artifacts = {"mix": f"{prefix}/mix.wav", "master": f"{prefix}/master.wav"}
        record.status = JobStatus.SUCCEEDED
        record.snapshot()
        return record

    client.portal.call(client.app.state.bus.jobs.update, tenant, job_id, finish)
    return job_id


@pytest.fixture(scope="module")
def finished_job(client) -> str:
    return make_finished_job(client)


def _job_state(client: TestClient, job_id: str) -> tuple:
    record = client.portal.call(client.app.state.bus.jobs.get, client.app.state.settings.default_tenant, job_id)
    return record.revision, record.status, record.options, record.targets, stored(client)


@dataclass(frozen=True)
class JsonRefusal:
    id: str
    body: bytes
    status: int
    fragments: tuple[str, ...]
    content_type: str = "application/json"


def _json(value) -> bytes:
    return json.dumps(value).encode()


REVISION_REFUSALS = [
    JsonRefusal("instruction-a-number", _json({"instruction": 123}), 422,
                ("instruction: Input should be a valid string",)),
    JsonRefusal("instruction-a-list", _json({"instruction": ["less reverb"]}), 422, ("instruction: Input should be",)),
    JsonRefusal("instruction-too-long", _json({"instruction": "less reverb " * 200}), 422,
                ("instruction: String should have at most 2000 characters",)),
    JsonRefusal("instruction-over-the-body-limit", _json({"instruction": "x" * (100 * 1024)}), 413,
                ("larger than the 64 KiB limit for a JSON body",)),
    JsonRefusal("unknown-field", _json({"instructions": "less reverb"}), 422,
                ("instructions: Extra inputs are not permitted",)),
    JsonRefusal("nothing-asked", _json({}), 422, ("a revision needs an instruction, overrides",)),
    JsonRefusal("no-body", b"", 422, ("Field required",)),
    JsonRefusal("overrides-unknown-parameter", _json({"overrides": {"tracks": {"vocal.wav": {"warmth_db": 3}}}}),
                422, ("unknown parameter",)),
    JsonRefusal("overrides-out-of-range", _json({"overrides": {"tracks": {GOOD: {"reverb_send_db": 40}}}}), 422,
                ("reverb_send_db=40 is outside",)),
    JsonRefusal("overrides-unknown-track", _json({"overrides": {"tracks": {"ghost.wav": {"gain_db": 1}}}}), 422,
                ("unknown track 'ghost.wav'",)),
    JsonRefusal("overrides-bus-a-string", _json({"overrides": {"buses": {"reverb": "lots"}}}), 422,
                ("reverb: expected an object",)),
    JsonRefusal("overrides-unknown-key", _json({"overrides": {"mood": "dark"}}), 422, ("unknown key(s) 'mood'",)),
    JsonRefusal("overrides-not-an-object", _json({"overrides": 5}), 422, ("overrides: Input should be a valid",)),
    JsonRefusal("targets-a-list", _json({"overrides": {"targets": [-14]}}), 422,
                ("overrides.targets must be an object",)),
    JsonRefusal("targets-a-string", _json({"overrides": {"targets": "club"}}), 422,
                ("overrides.targets must be an object",)),
    JsonRefusal("target-lufs-plus-5", _json({"overrides": {"targets": {"target_lufs": 5}}}), 422,
                ("overrides.targets.target_lufs=5 is outside [-40, -5]",)),
    JsonRefusal("target-lufs-nan", b'{"overrides": {"targets": {"target_lufs": NaN}}}', 422,
                ("overrides.targets.target_lufs must be a finite number, got nan",)),
    JsonRefusal("unknown-target", _json({"overrides": {"targets": {"loudness": -9}}}), 422,
                ("overrides.targets: unknown parameter 'loudness'",)),
    JsonRefusal("unknown-format", _json({"instruction": "less reverb", "formats": ["ogg"]}), 422, ("formats.0:",)),
    JsonRefusal("negative-revision", _json({"from_revision": -1}), 422,
                ("from_revision: Input should be greater than or equal to 0",)),
    JsonRefusal("revision-not-found", _json({"from_revision": 7}), 404, ("has no finished revision 7",)),
    JsonRefusal("not-json", b"less reverb please", 422, ("the body is not valid JSON: Expecting value",)),
    JsonRefusal("not-utf-8", b'{"instruction": "\xff\xfe"}', 422, ("the body is not valid JSON",)),
    JsonRefusal("nested-too-deeply", b"[" * 30000 + b"]" * 30000, 422, ("the JSON body is nested too deeply",)),
    JsonRefusal("text-plain", _json({"instruction": "less reverb"}), 415,
                ("expected an application/json body, got Content-Type 'text/plain'",), content_type="text/plain"),
    JsonRefusal("form-encoded", b"instruction=less+reverb", 415, ("expected an application/json body",),
                content_type="application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize("case", REVISION_REFUSALS, ids=lambda case: case.id)
def test_a_bad_revision_is_refused_and_leaves_the_job_as_it_was(client, finished_job, case):
    before = _job_state(client, finished_job)
    response = post(client, f"/v1/jobs/{finished_job}/revisions", case.body, case.content_type)
    assert response.status_code == case.status, response.text
    for fragment in case.fragments:
        assert fragment in response.json()["detail"], (fragment, response.json())
    assert _job_state(client, finished_job) == before
    assert client.get("/healthz").json() == {"status": "ok"}


PREVIEW_REFUSALS = [
    JsonRefusal("empty-instruction", _json({"job_id": "0" * 32, "instruction": ""}), 422,
                ("instruction: String should have at least 1 character",)),
    JsonRefusal("no-job-id", _json({"instruction": "less reverb"}), 422, ("job_id: Field required",)),
    JsonRefusal("job-id-a-path", _json({"job_id": "../../etc", "instruction": "less reverb"}), 404,
                ("job ../../etc not found",)),
    JsonRefusal("over-the-body-limit", _json({"job_id": "x", "instruction": "x" * (70 * 1024)}), 413,
                ("limit for a JSON body",)),
    JsonRefusal("text-plain", _json({"job_id": "x", "instruction": "y"}), 415, ("expected an application/json",),
                content_type="text/plain"),
]


@pytest.mark.parametrize("case", PREVIEW_REFUSALS, ids=lambda case: case.id)
def test_a_bad_preview_is_refused(client, case):
    response = post(client, "/v1/text-control/parse", case.body, case.content_type)
    assert response.status_code == case.status, response.text
    for fragment in case.fragments:
        assert fragment in response.json()["detail"], (fragment, response.json())


@pytest.mark.parametrize("last_event_id", ["\u00b2", "9" * 5000, "-1", " 12", "1e3"])
def test_an_odd_last_event_id_replays_from_the_start(client, finished_job, last_event_id):
    response = client.get(f"/v1/jobs/{finished_job}/events", headers={"Last-Event-ID": last_event_id.encode("latin-1")})
    assert response.status_code == 200, response.text
    assert response.text.startswith("id: ") and "event: status" in response.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/jobs/" + "a" * 5000, 404),
        ("/v1/jobs/%00", 404),
        ("/v1/jobs/..%2F..%2Fetc", 404),
        ("/v1/jobs/{job}/revisions/99999999999999999999999/download/mix", 404),
        ("/v1/jobs/{job}/revisions/1.5/download/mix", 422),
        ("/v1/jobs/{job}/download/..%2F..%2Fsecrets", 404),
        ("/v1/jobs/{job}/download/stems/%2E%2E", 404),
    ],
)
def test_odd_paths_are_client_errors(client, finished_job, path, status):
    response = client.get(path.replace("{job}", finished_job))
    assert response.status_code == status, response.text
    assert isinstance(response.json()["detail"], str)


# --- bounded memory ----------------------------------------------------------------------------

class StreamedBody:
    """An ASGI ``receive`` over ``chunks``, made on the fly (the test never holds the body);
    counts the bytes the app actually read."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.read_bytes = 0
        self.ended = False

    async def receive(self) -> dict:
        chunk = None if self.ended else next(self.chunks, None)
        if chunk is None:
            if self.ended:
                return {"type": "http.disconnect"}
            self.ended = True
            return {"type": "http.request", "body": b"", "more_body": False}
        self.read_bytes += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}


def zeros(total_bytes: int, chunk_bytes: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, total_bytes, chunk_bytes):
        yield bytes(min(chunk_bytes, total_bytes - start))


def file_head(field_name: str, filename: str) -> bytes:
    return (f"--{hc.BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field_name}\"; filename=\"{filename}\"\r\n"
            "Content-Type: audio/wav\r\n\r\n").encode()


def field_part(name: str, value: str) -> bytes:
    return f"--{hc.BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode()


def _call_streamed(client: TestClient, path: str, content_type: str, body: StreamedBody,
                   content_length: int | None = None) -> tuple[int, dict, int]:
    """POST ``body`` straight to the ASGI app (no client buffering); returns the status, the
    JSON answer and the peak of memory traced while the request ran."""
    headers = [(b"content-type", content_type.encode()), (b"host", b"testserver")]
    headers += [(k.lower().encode(), v.encode()) for k, v in auth_headers(client.app.state.settings).items()]
    if content_length is not None:
        headers.append((b"content-length", str(content_length).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "state": {}}
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def run() -> None:
        await client.app(scope, body.receive, send)

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        client.portal.call(run)
        peak_bytes = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(payload), peak_bytes


STREAMED_BYTES = 256 * MiB
HUGE_WAV_HEADER = hc.riff_wav(channels=2, sample_rate_hz=44100, declared_data_bytes=0x7FFFFFF0)


def _endless_file(field_name: str) -> Iterator[bytes]:
    return itertools.chain([file_head(field_name, "huge.wav") + HUGE_WAV_HEADER], zeros(STREAMED_BYTES))


def _many_files() -> Iterator[bytes]:
    """12 files of 1 MiB each (under the 2 MiB file limit, 12 MiB together over the 8 MiB request limit)."""
    return itertools.chain.from_iterable(
        itertools.chain([file_head("files", f"kick{i}.wav")], zeros(MiB), [b"\r\n"]) for i in range(12))


@pytest.mark.parametrize(
    ("path", "chunks", "status", "fragment", "max_read_bytes"),
    [
        ("/v1/jobs", lambda: _endless_file("files"), 413, "file 'huge.wav' is larger than the 2 MiB limit per file",
         MAX_UPLOAD_BYTES + 2 * MiB),
        ("/v1/separations", lambda: _endless_file("file"), 413,
         "file 'huge.wav' is larger than the 2 MiB limit per file", MAX_UPLOAD_BYTES + 2 * MiB),
        ("/v1/jobs", _many_files, 413, "request body is larger than the 8 MiB limit per request",
         MAX_REQUEST_BYTES + MiB),
        ("/v1/jobs", lambda: itertools.chain([field_part("preset", "")[:-2]], zeros(STREAMED_BYTES)), 413,
         "form field 'preset' is larger than 64 KiB", 192 * 1024 + 2 * MiB),
        ("/v1/jobs", lambda: itertools.repeat(field_part("x", "1") * 64), 422, "too many form fields", 2 * MiB),
    ],
    ids=["job-file", "separation-file", "many-files", "endless-field", "endless-fields"],
)
def test_an_endless_upload_is_refused_at_its_limit_without_being_held(client, path, chunks, status, fragment,
                                                                      max_read_bytes):
    before = stored(client)
    body = StreamedBody(chunks())
    status_code, answer, peak_bytes = _call_streamed(client, path, hc.content_type(), body)
    assert status_code == status and fragment in answer["detail"], answer
    assert body.read_bytes <= max_read_bytes, f"the gateway read {body.read_bytes} bytes past its limit"
    assert peak_bytes < 12 * MiB, f"{peak_bytes} bytes traced while refusing an endless upload"
    assert stored(client) == before and spooled(client) == []


def test_an_endless_json_body_is_refused_at_its_limit(client, finished_job):
    before = _job_state(client, finished_job)
    body = StreamedBody(itertools.chain([b'{"instruction": "'], zeros(STREAMED_BYTES)))
    status, answer, peak_bytes = _call_streamed(client, f"/v1/jobs/{finished_job}/revisions", "application/json",
                                                body)
    assert status == 413 and "larger than the 64 KiB limit for a JSON body" in answer["detail"], answer
    assert body.read_bytes <= 2 * 64 * 1024
    assert peak_bytes < 4 * MiB
    assert _job_state(client, finished_job) == before


@pytest.mark.parametrize("path", ["/v1/jobs", "/v1/separations", "/v1/jobs/{job}/revisions"])
def test_a_declared_length_over_the_limit_is_refused_before_reading(client, finished_job, path):
    body = StreamedBody(zeros(1 << 40))
    content_type = "application/json" if path.endswith("revisions") else hc.content_type()
    status, answer, _ = _call_streamed(client, path.replace("{job}", finished_job), content_type, body,
                                       content_length=1 << 40)
    assert status == 413 and "request body of 1099511627776 bytes is larger than" in answer["detail"], answer
    assert body.read_bytes == 0
