"""The QC stage: judge the master, loop back to mastering with corrections, write report.json."""

from __future__ import annotations

import time

from mixdown.catalog import DEFAULT_CEILING_DBTP, DEFAULT_TARGET_LUFS
from mixdown.dsp.loudness import measure
from mixdown.events.messages import JobError
from mixdown.events.worker import StageContext, StageResult
from mixdown.stageio import finite, load_audio, save_json
from mixdown_qc.codes import CHECKS
from mixdown_qc.core import analyze, corrections_for


class QcStage:
    name = "qc"

    def __init__(self, max_iterations: int = 3) -> None:
        self.max_iterations = max_iterations

    def run(self, ctx: StageContext) -> StageResult:
        job, message = ctx.job, ctx.message
        target_lufs = job.targets.get("target_lufs", DEFAULT_TARGET_LUFS)
        ceiling_dbtp = job.targets.get("ceiling_dbtp", DEFAULT_CEILING_DBTP)
        master, rate = load_audio(ctx.store, job.artifacts["master"], ctx.work_dir)
        analysis = analyze(master, rate, target_lufs, ceiling_dbtp)
        ctx.report_progress(0.5, "master analysed")

        previous = list(job.metrics.get("qc", {}).get("iterations", []))
        applied = job.parameters.get("mastering", {}).get("corrections", {})
        iteration = {"iteration": message.iteration, "corrections_applied": applied, **analysis.to_dict()}
        iterations = [it for it in previous if it["iteration"] < message.iteration] + [iteration]

        corrections = corrections_for(analysis, applied)
        uncorrectable = any(v.level == "fail" and not CHECKS[v.check].correctable for v in analysis.verdicts)
        loop_back = (not analysis.passed and bool(corrections) and not uncorrectable
                     and message.iteration + 1 < self.max_iterations)
        metrics = {"iterations": finite(iterations), "passed": analysis.passed}
        if loop_back:
            return StageResult(metrics=metrics, next_stage="mastering", next_corrections=corrections)

        report = self._report(ctx, analysis, iterations)
        report_key = save_json(ctx.store, ctx.output_key("report.json"), report)
        result = StageResult(artifacts={"report": report_key}, metrics=metrics)
        if not analysis.passed:
            failed = ", ".join(f"{v.code} {v.check}" for v in analysis.verdicts if v.level == "fail")
            result.fail = JobError(code="E_QC_FAILED", stage="qc",
                                   message=f"the master fails QC after {message.iteration + 1} iteration(s): {failed}")
        return result

    def _report(self, ctx: StageContext, analysis, iterations: list[dict]) -> dict:
        job = ctx.job
        inputs = {}
        for track in job.inputs:
            audio, rate = load_audio(ctx.store, track.key, ctx.work_dir)
            inputs[track.name] = {"role": track.role, "loudness": measure(audio, rate).__dict__}
        mix_metrics = None
        if "mix" in job.artifacts:
            mix, rate = load_audio(ctx.store, job.artifacts["mix"], ctx.work_dir)
            mix_metrics = measure(mix, rate).__dict__
        return finite({
            "version": 1,
            "job_id": job.id,
            "preset": job.preset,
            "targets": job.targets,
            "passed": analysis.passed,
            "inputs": inputs,
            "mix": mix_metrics,
            "master": analysis.to_dict(),
            "iterations": iterations,
            "parameters": job.parameters,
            "timings": [
                {"stage": s.stage, "iteration": s.iteration, "revision": s.revision,
                 "duration_seconds": s.duration_seconds, "deliveries": s.deliveries}
                for s in job.stages
            ],
            "generated_at": time.time(),
        })
