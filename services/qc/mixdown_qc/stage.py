"""The QC stage: judge the master, loop back to mastering with corrections, write report.json.

Each run measures the master and every other delivered file of this iteration, and judges
them against the job's delivery targets (:class:`~mixdown.events.targets.DeliveryTargets`)
and its preset's spectral curve. A master that fails only checks mastering
can correct goes back to mastering with cumulative corrections, while fewer than
``max_iterations`` masters have been made; otherwise the final report is written, and a
master that still fails any check fails the job (:attr:`~mixdown.events.codes.JobErrorCode.QC_FAILED`),
never delivered as a pass.
The report lists every iteration.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from mixdown import telemetry
from mixdown.dsp.loudness import measure
from mixdown.dsp.pool import run_parallel
from mixdown.events.artifacts import MASTER_ARTIFACTS, Artifact
from mixdown.events.codes import JobErrorCode
from mixdown.events.messages import JobError
from mixdown.events.stage import StageContext, StageResult
from mixdown.events.targets import DeliveryTargets
from mixdown.stageio import finite, load_audio, save_json
from mixdown_qc.codes import CHECKS
from mixdown_qc.core import (
    Analysis,
    DeliveredFile,
    analyze,
    corrections_for,
    judge_deliverables,
    measure_all,
)

# Artifacts the mastering stage delivers beside the master (WAV 24-bit), by format.
DELIVERABLE_ARTIFACTS = {fmt: artifact for fmt, artifact in MASTER_ARTIFACTS.items() if artifact is not Artifact.MASTER}


class QcStage:
    name = "qc"

    def __init__(self, max_iterations: int = 3) -> None:
        self.max_iterations = max_iterations

    def run(self, ctx: StageContext) -> StageResult:
        # The master's analysis, the delivered files and the mix (for the report) are measured
        # side by side on the worker pool: numpy and scipy release the GIL.
        started = time.perf_counter()
        targets = DeliveryTargets.of(ctx.job.targets)
        tasks: list[Callable[[], Any]] = [
            lambda: self._analyse_master(ctx, targets),
            lambda: self._mix_metrics(ctx),
            *(lambda fmt=fmt, key=key: self._measure_delivered(ctx, fmt, key)
              for fmt, key in self._deliverable_keys(ctx)),
        ]
        analysis, mix_metrics, *delivered = run_parallel(tasks)
        return self._run(ctx, targets, analysis, delivered, mix_metrics, started)

    @staticmethod
    def _analyse_master(ctx: StageContext, targets: DeliveryTargets) -> Analysis:
        master, rate = load_audio(ctx.store, ctx.job.artifacts[Artifact.MASTER], ctx.work_dir, phases=ctx.phases)
        with ctx.phases("measure"):
            return analyze(master, rate, targets, ctx.job.preset or None)

    def _run(self, ctx: StageContext, targets: DeliveryTargets, analysis: Analysis, delivered: list[DeliveredFile],
             mix_metrics: dict | None, started: float) -> StageResult:
        job, message = ctx.job, ctx.message
        if analysis.metrics is not None:
            analysis.verdicts.append(judge_deliverables(delivered, targets))
        ctx.report_progress(0.5, "master analysed")

        measured = job.metrics.qc
        previous = list(measured.iterations) if measured else []
        mastering = job.parameters.mastering
        applied = mastering.corrections.changed() if mastering is not None else {}
        iteration = {
            "iteration": message.iteration,
            "corrections_applied": applied,
            "passed": analysis.passed,
            "failed_checks": [f"{v.code} {v.check}" for v in analysis.verdicts if v.level == "fail"],
            "master": analysis.to_dict(),
            "deliverables": [d.__dict__ for d in delivered],
            "qc_seconds": round(time.perf_counter() - started, 3),
        }
        iterations = [it for it in previous if it["iteration"] < message.iteration] + [finite(iteration)]

        corrections = corrections_for(analysis.verdicts, applied)
        uncorrectable = any(v.level == "fail" and not CHECKS[v.check].correctable for v in analysis.verdicts)
        loop_back = (not analysis.passed and bool(corrections) and not uncorrectable
                     and message.iteration + 1 < self.max_iterations)
        metrics: dict[str, Any] = {"iterations": iterations, "passed": analysis.passed,
                                   "inputs": dict(measured.inputs) if measured else {}}
        if loop_back:
            iterations[-1]["next_corrections"] = corrections
            telemetry.QC_RESULTS.labels(result="corrected").inc()
            return StageResult(metrics=metrics, next_stage="mastering", next_corrections=corrections)

        report = self._report(ctx, analysis, delivered, iterations, targets, started, mix_metrics)
        with ctx.phases("store"):
            report_key = save_json(ctx.store, ctx.output_key(Artifact.REPORT.file_name), report)
        metrics["inputs"] = {track.key: {k: v for k, v in report["inputs"][track.name].items() if k != "role"}
                             for track in job.inputs}
        result = StageResult(artifacts={Artifact.REPORT: report_key}, metrics=metrics)
        telemetry.QC_RESULTS.labels(result="passed" if analysis.passed else "failed").inc()
        if analysis.passed:
            telemetry.observe_master(analysis.loudness.integrated_lufs, analysis.loudness.true_peak_dbtp)
        else:
            failed = ", ".join(iteration["failed_checks"])
            result.fail = JobError(code=JobErrorCode.QC_FAILED, stage="qc",
                                   message=f"the master fails QC after {message.iteration + 1} iteration(s): {failed}")
        return result

    @staticmethod
    def _deliverable_keys(ctx: StageContext) -> list[tuple[str, str]]:
        return [(fmt, ctx.job.artifacts[artifact]) for fmt, artifact in DELIVERABLE_ARTIFACTS.items()
                if ctx.job.artifacts.get(artifact)]

    @staticmethod
    def _measure_delivered(ctx: StageContext, fmt: str, key: str) -> DeliveredFile:
        audio, rate = load_audio(ctx.store, key, ctx.work_dir, phases=ctx.phases)
        with ctx.phases("measure"):
            report = measure(audio, rate)
        return DeliveredFile(fmt, report.integrated_lufs, report.true_peak_dbtp)

    @staticmethod
    def _mix_metrics(ctx: StageContext) -> dict | None:
        if Artifact.MIX not in ctx.job.artifacts:
            return None
        mix, rate = load_audio(ctx.store, ctx.job.artifacts[Artifact.MIX], ctx.work_dir, phases=ctx.phases)
        with ctx.phases("measure"):
            return measure_all(mix, rate).to_dict()

    def _report(self, ctx: StageContext, analysis: Analysis, delivered: list[DeliveredFile],
                iterations: list[dict], targets: DeliveryTargets, started: float, mix_metrics: dict | None) -> dict:
        job = ctx.job
        # The inputs never change within a job: a revision's report takes their measurements
        # from the report before it (stored by input key in the stage metrics).
        measured = job.metrics.qc.inputs if job.metrics.qc else {}
        inputs = {}
        for track in job.inputs:
            if track.key in measured:
                inputs[track.name] = {**measured[track.key], "role": track.role}
                continue
            audio, rate = load_audio(ctx.store, track.key, ctx.work_dir, phases=ctx.phases)
            with ctx.phases("measure"):
                inputs[track.name] = {"role": track.role, **measure_all(audio, rate).to_dict()}
        mastering_timings = job.metrics.mastering.timings if job.metrics.mastering else {}
        return finite({
            "version": 1,
            "job_id": job.id,
            "preset": job.preset,
            "targets": targets.model_dump(),
            "passed": analysis.passed,
            "inputs": inputs,
            "mix": mix_metrics,
            "master": {**analysis.to_dict(), "artifact": job.artifacts.get(Artifact.MASTER)},
            "deliverables": {
                d.format: {"artifact": job.artifacts.get(DELIVERABLE_ARTIFACTS[d.format]),
                           "integrated_lufs": d.integrated_lufs, "true_peak_dbtp": d.true_peak_dbtp}
                for d in delivered
            },
            "iterations": iterations,
            "parameters": job.parameters.model_dump(),
            "timings": [
                {"stage": s.stage, "iteration": s.iteration, "revision": s.revision,
                 "duration_seconds": s.duration_seconds, "deliveries": s.deliveries}
                for s in job.stages
            ],
            "stage_timings": {
                "mastering": mastering_timings,
                "qc": {"analysis_and_report_seconds": round(time.perf_counter() - started, 3)},
            },
            "codes": {c.code: {"check": c.check, "hard": c.hard, "correctable": c.correctable,
                               "explanation": c.explanation} for c in CHECKS.values()},
            "generated_at": time.time(),
        })
