"""The mastering stage: mix from storage -> master WAV 24-bit and its exports in storage.

Reads the job's delivery targets (:class:`~mixdown.events.targets.DeliveryTargets`, from the
partial ``job.targets``), its preset (whose target spectrum the tonal balance aims at, the one
QC checks), its mastering parameter overrides (``job.overrides["mastering"]``), the QC
corrections of this iteration (on the stage message), the requested formats
(``job.options["formats"]``, default all) and an optional reference track
(``job.options["reference_key"]``, a storage key in the job's own folder). Writes the
``master`` artifact (WAV 24-bit) and ``master_wav16``, ``master_flac``, ``master_mp3``
(:class:`~mixdown.events.artifacts.Artifact`). The MP3 is decoded again and measured here (its
true peak decides its headroom); the lossless files too, unless a QC stage follows in the
job's plan, which decodes and measures every stored file. The measurements go into the stage
metrics; the settings, targets, corrections and chain measurements into
:class:`~mixdown.events.outputs.MasteringOutput`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mixdown.errors import InvalidInput
from mixdown.events.artifacts import MASTER_ARTIFACTS, Artifact
from mixdown.events.outputs import MasteringOutput
from mixdown.events.stage import StageContext, StageResult
from mixdown.events.targets import DeliveryTargets
from mixdown.stageio import load_audio
from mixdown_mastering import core, export
from mixdown_mastering.deliver import deliver


def _overrides(job_overrides: dict[str, Any]) -> dict[str, float]:
    overrides = job_overrides.get("mastering", {})
    if not isinstance(overrides, dict):
        raise InvalidInput("overrides.mastering must be an object of mastering parameter name -> number")
    return core.resolve_settings(overrides) if overrides else {}


class MasteringStage:
    name = "mastering"

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        targets = DeliveryTargets.of(job.targets)
        settings = _overrides(job.overrides)
        formats = export.check_formats(job.options.get("formats"))
        mix, rate = load_audio(ctx.store, job.artifacts[Artifact.MIX], ctx.work_dir, phases=ctx.phases)
        reference_audio = None
        reference_key = job.options.get("reference_key")
        if reference_key:
            if not isinstance(reference_key, str) or not reference_key.startswith(f"{ctx.job_prefix}/"):
                raise InvalidInput("options.reference_key must name an object inside the job's folder")
            reference_audio, _ = load_audio(ctx.store, reference_key, ctx.work_dir, sample_rate_hz=rate,
                                            phases=ctx.phases)
        ctx.report_progress(0.1, "mix loaded")

        with ctx.phases("compute"):
            result = core.master(mix, rate, targets, ctx.message.corrections, settings, reference_audio,
                                 preset=job.preset or None)
        ctx.report_progress(0.6, "mastered")

        # QC decodes and measures every stored file: when it follows, the lossless ones are not decoded here
        qc_follows = "qc" in job.plan[job.plan.index(self.name) + 1 :] if self.name in job.plan else False
        delivered = deliver(result, formats, Path(ctx.work_dir), ctx.store, ctx.output_key,
                            verify_lossless=not qc_follows, phases=ctx.phases)
        ctx.report_progress(0.95, "exported")

        output = MasteringOutput(
            settings=result.settings, targets=result.targets, corrections=result.corrections,
            measurements=result.measurements, tonal_target=result.tonal_target, formats=list(formats),
            reference_key=reference_key or None,
            headroom_db={fmt: item.headroom_db for fmt, item in delivered.items() if item.headroom_db},
        )
        return StageResult(
            artifacts={MASTER_ARTIFACTS[fmt]: item.stored.key for fmt, item in delivered.items()},
            parameters=output.model_dump(),
            metrics={
                "master": delivered["wav24"].stored.to_dict(),
                "exports": {fmt: item.to_dict() for fmt, item in delivered.items()},
                "timings": {**result.timings, **{f"export_{fmt}": item.seconds for fmt, item in delivered.items()}},
            },
        )
