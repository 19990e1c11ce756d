"""The mixing stage: the job's input tracks from storage → mix WAV (float32) in storage."""

from __future__ import annotations

from dataclasses import asdict

from mixdown.events.worker import StageContext, StageResult
from mixdown.stageio import finite, job_sample_rate_hz, load_audio, save_wav
from mixdown_mixing.core import Track, mix


class MixingStage:
    name = "mixing"

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        rate = job_sample_rate_hz([t.sample_rate_hz for t in job.inputs])
        tracks = []
        for index, item in enumerate(job.inputs):
            audio, _ = load_audio(ctx.store, item.key, ctx.work_dir, rate)
            tracks.append(Track(name=item.name, role=item.role, audio=audio))
            ctx.report_progress(0.5 * (index + 1) / len(job.inputs), f"loaded {item.name}")
        overrides = job.overrides.get("tracks", {}) if isinstance(job.overrides.get("tracks"), dict) else {}
        result = mix(tracks, rate, overrides)
        ctx.report_progress(0.9, "mixed")
        stored = save_wav(ctx.store, ctx.output_key("mix.wav"), result.audio, rate, ctx.work_dir)
        return StageResult(
            artifacts={"mix": stored.key},
            parameters={"sample_rate_hz": rate, "tracks": result.parameters},
            metrics={"mix": stored.to_dict(), "analysis": finite([asdict(a) for a in result.analysis])},
        )
