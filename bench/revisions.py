"""Revisions: re-rendering a finished 3-minute vocal + beat after an instruction, end to end.

Material (generated, not timed): a 3-minute vocal and a beat from :mod:`mixdown_dev.examples` at
44.1 kHz, 24-bit WAV. The embedded stack (nats-server, every service as a process, the gateway,
the filesystem store) runs in a temporary folder.

Baseline: the first full job, upload excluded: from the submission's answer to the status
``succeeded`` (analysis, planning and mixing, mastering with its exports, QC).
Measured: ``POST /v1/jobs/{id}/revisions`` with "baisse le beat de 3 dB" until the revision's
status is ``succeeded`` (text control, a render of the stored inputs with the previous
parameters and the edit, mastering to the 24-bit WAV master, QC of it: a revision's default
preview); the same with explicit overrides only (no text control); a second instruction; and
the export of the last revision in every delivery format (``from_revision`` with ``formats``:
the same mix and master, plus 16-bit WAV, FLAC and MP3, each measured again by QC). The end is
the revision's final event on the job's Server-Sent Events stream, followed as the web studio
follows it; each stage's own duration is printed too.

Goal: a revision under 3 s end to end.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import httpx
import soundfile as sf

from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.jobs import follow_succeeded
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack

RATE_HZ = 44100
SECONDS = 180.0
GOAL_SECONDS = 3.0


def run() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="mixdown-bench-revisions-") as tmp:
        base = Path(tmp)
        vocal, music = base / "vocal.wav", base / "beat.wav"
        sf.write(vocal, vocal_like(SECONDS, RATE_HZ, seed=3).T, RATE_HZ, subtype="PCM_24")
        sf.write(music, beat(SECONDS, RATE_HZ, bpm=96.0, seed=3).T, RATE_HZ, subtype="PCM_24")
        with Stack(base / "stack", http_port=free_port()) as stack, \
                httpx.Client(base_url=stack.url, timeout=60,
                             headers={"Authorization": f"Bearer {stack.api_key}"}) as client:
            meta = [{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "beat.wav", "role": "instrumental"}]
            files = [("files", (p.name, p.read_bytes(), "audio/wav")) for p in (vocal, music)]
            answer = client.post("/v1/jobs", files=files, data={"stems_meta": json.dumps(meta)})
            answer.raise_for_status()
            job_id = answer.json()["id"]
            started = time.perf_counter()
            last_event = follow_succeeded(client, job_id)
            first = time.perf_counter() - started

            timings = {}
            for label, body in (("instruction 'baisse le beat de 3 dB'", {"instruction": "baisse le beat de 3 dB"}),
                                ("overrides only", {"overrides": {"tracks": {"vocal.wav": {"reverb_send_db": -24.0}}}}),
                                ("instruction 'un peu plus de reverb'", {"instruction": "un peu plus de reverb"}),
                                ("export of the last revision as WAV 16, FLAC and MP3 too",
                                 {"from_revision": 3, "formats": ["wav16", "flac", "mp3"]})):
                started = time.perf_counter()
                created = client.post(f"/v1/jobs/{job_id}/revisions", json=body)
                created.raise_for_status()
                number = created.json()["revision"]
                last_event = follow_succeeded(client, job_id, last_event)
                seconds = time.perf_counter() - started
                job = client.get(f"/v1/jobs/{job_id}").json()
                if job["status"] != "succeeded" or not any(s["revision"] == number and s["stage"] == "qc"
                                                            and s["status"] == "done" for s in job["stages"]):
                    raise RuntimeError(f"revision {number} of job {job_id} did not succeed: {job['status']}")
                stages = {s["stage"]: s["duration_seconds"] for s in job["stages"] if s["revision"] == number}
                timings[label] = (seconds, stages)
            first_stages = {s["stage"]: s["duration_seconds"] for s in job["stages"] if s["revision"] == 0}

    lines = [f"first full job (3-min vocal + beat, upload excluded): {first:.2f} s; stages: "
             + ", ".join(f"{k} {v:.2f} s" for k, v in first_stages.items() if v is not None)]
    for label, (seconds, stages) in timings.items():
        lines.append(
            f"revision, {label}: {seconds:.2f} s end to end = {seconds / first:.2f}x the first job"
            + ("" if "export" in label else
               f"; goal < {GOAL_SECONDS:g} s {'met' if seconds < GOAL_SECONDS else 'NOT met'}") + "; stages: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items() if v is not None))
    for line in lines:
        print("  " + line, flush=True)
    return lines
