"""The mastering stage: mix from storage → master WAV 24-bit in storage."""

from __future__ import annotations

from mixdown.catalog import DEFAULT_CEILING_DBTP, DEFAULT_TARGET_LUFS
from mixdown.events.worker import StageContext, StageResult
from mixdown.stageio import load_audio, save_wav
from mixdown_mastering.core import Targets, master


class MasteringStage:
    name = "mastering"

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        targets = Targets(
            target_lufs=job.targets.get("target_lufs", DEFAULT_TARGET_LUFS),
            ceiling_dbtp=job.targets.get("ceiling_dbtp", DEFAULT_CEILING_DBTP),
        )
        mix, rate = load_audio(ctx.store, job.artifacts["mix"], ctx.work_dir)
        ctx.report_progress(0.2, "mix loaded")
        out, parameters = master(mix, rate, targets, ctx.message.corrections)
        stored = save_wav(ctx.store, ctx.output_key("master.wav"), out, rate, ctx.work_dir, bit_depth="24")
        return StageResult(
            artifacts={"master": stored.key},
            parameters={**parameters, "corrections": dict(ctx.message.corrections)},
            metrics={"master": stored.to_dict()},
        )
