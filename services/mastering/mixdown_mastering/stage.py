"""The mastering stage: mix from storage -> master WAV 24-bit and its exports in storage.

Reads the job's targets (``target_lufs``, ``ceiling_dbtp``, ``max_width_percent``,
``max_lra_lu``), its preset (whose target spectrum the tonal balance aims at, the one QC
checks), its mastering parameter overrides (``job.overrides["mastering"]``), the QC
corrections of this iteration, the requested formats (``job.options["formats"]``, default
all) and an optional reference track (``job.options["reference_key"]``, a storage key in the
job's own folder). Writes ``master.wav`` (artifact ``master``) and ``master_16.wav``,
``master.flac``, ``master.mp3`` (``master_wav16``, ``master_flac``, ``master_mp3``). The MP3
is decoded again and measured here (its true peak decides its headroom); the lossless files
too, unless a QC stage follows in the job's plan, which decodes and measures every stored
file. The measurements go into the stage metrics.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mixdown.catalog import DEFAULT_CEILING_DBTP, DEFAULT_TARGET_LUFS
from mixdown.errors import InvalidInput
from mixdown.events.worker import StageContext, StageResult
from mixdown.stageio import load_audio
from mixdown_mastering import core, export
from mixdown_mastering.deliver import deliver


def targets_from(job_targets: dict[str, float]) -> core.Targets:
    return core.Targets(
        target_lufs=job_targets.get("target_lufs", DEFAULT_TARGET_LUFS),
        ceiling_dbtp=job_targets.get("ceiling_dbtp", DEFAULT_CEILING_DBTP),
        max_width_percent=job_targets.get("max_width_percent", core.DEFAULT_MAX_WIDTH_PERCENT),
        max_lra_lu=job_targets.get("max_lra_lu"),
    )


def _overrides(job_overrides: dict[str, Any]) -> dict[str, float]:
    overrides = job_overrides.get("mastering", {})
    if not isinstance(overrides, dict):
        raise InvalidInput("overrides.mastering must be an object of mastering parameter name -> number")
    return core.resolve_settings(overrides) if overrides else {}


class MasteringStage:
    name = "mastering"

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        targets = targets_from(job.targets)
        settings = _overrides(job.overrides)
        formats = export.check_formats(job.options.get("formats"))
        mix, rate = load_audio(ctx.store, job.artifacts["mix"], ctx.work_dir)
        reference_audio = None
        reference_key = job.options.get("reference_key")
        if reference_key:
            if not isinstance(reference_key, str) or not reference_key.startswith(f"{ctx.job_prefix}/"):
                raise InvalidInput("options.reference_key must name an object inside the job's folder")
            reference_audio, _ = load_audio(ctx.store, reference_key, ctx.work_dir, sample_rate_hz=rate)
        ctx.report_progress(0.1, "mix loaded")

        result = core.master(mix, rate, targets, ctx.message.corrections, settings, reference_audio,
                             preset=job.preset or None)
        ctx.report_progress(0.6, "mastered")

        # QC decodes and measures every stored file: when it follows, the lossless ones are not decoded here
        qc_follows = "qc" in job.plan[job.plan.index(self.name) + 1 :] if self.name in job.plan else False
        with ThreadPoolExecutor(max_workers=2) as pool:
            delivered = deliver(result, formats, Path(ctx.work_dir), ctx.store, ctx.output_key, pool,
                                verify_lossless=not qc_follows)
        ctx.report_progress(0.95, "exported")

        return StageResult(
            artifacts={export.ARTIFACTS[fmt]: item.stored.key for fmt, item in delivered.items()},
            parameters={
                **result.parameters,
                "corrections": dict(ctx.message.corrections),
                "tonal_target": result.tonal_target,
                "formats": list(formats),
                **({"reference_key": reference_key} if reference_key else {}),
                **{f"{fmt}_headroom_db": item.headroom_db for fmt, item in delivered.items() if item.headroom_db},
            },
            metrics={
                "master": delivered["wav24"].stored.to_dict(),
                "exports": {fmt: item.to_dict() for fmt, item in delivered.items()},
                "timings": {**result.timings, **{f"export_{fmt}": item.seconds for fmt, item in delivered.items()}},
            },
        )
