"""The mixing stage: the job's input tracks from storage → mix WAV (float32) in storage."""

from __future__ import annotations

from mixdown.catalog import DEFAULT_PRESET
from mixdown.events.worker import StageContext, StageResult
from mixdown.stageio import finite, job_sample_rate_hz, load_audio, save_wav
from mixdown_mixing.core import Track, mix
from mixdown_mixing.params import BUS_NAMES, parse_job_overrides


class MixingStage:
    name = "mixing"

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        roles = {t.name: t.role for t in job.inputs}
        # The job's overrides were checked at submission; checking again costs nothing and
        # guards records written by older gateways.
        overrides, bpm = parse_job_overrides(job.overrides, roles)
        rate = job_sample_rate_hz([t.sample_rate_hz for t in job.inputs])
        tracks = []
        for index, item in enumerate(job.inputs):
            audio, _ = load_audio(ctx.store, item.key, ctx.work_dir, rate)
            tracks.append(Track(name=item.name, role=item.role, audio=audio))
            ctx.report_progress(0.4 * (index + 1) / len(job.inputs), f"loaded {item.name}")
        result = mix(tracks, rate, overrides, preset=job.preset or DEFAULT_PRESET, bpm=bpm)
        ctx.report_progress(0.9, "mixed")
        stored = save_wav(ctx.store, ctx.output_key("mix.wav"), result.audio, rate, ctx.work_dir)
        parameters = result.parameters
        return StageResult(
            artifacts={"mix": stored.key},
            parameters={
                "preset": result.report["preset"],
                "sample_rate_hz": rate,
                "bpm": parameters["delay"]["bpm"],
                "tracks": {name: values for name, values in parameters.items() if name not in BUS_NAMES},
                "buses": {name: parameters[name] for name in BUS_NAMES},
            },
            metrics={
                "mix": stored.to_dict(),
                "analysis": finite([a.to_dict() for a in result.analysis]),
                "report": finite(result.report),
            },
        )
