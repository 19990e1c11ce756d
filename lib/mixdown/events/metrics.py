"""What each stage measured, kept on the job record beside its output (``JobRecord.metrics``).

A stage returns its measurements as ``StageResult.metrics``; the worker stores them under the
stage's name in :class:`StageMetrics`, which validates them against that stage's model, as
:class:`~mixdown.events.outputs.StageOutputs` does for outputs. Readers go through these
models, never by string keys: QC reads mastering's timings and its own earlier iterations and
input measurements, a revision's mix reads the first mix's analysis and report, the gateway
reads the separation's tempo and key. Free-form parts (a report, one file's measurements) stay
dicts inside a typed field: they are shown, not read by other stages.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Metrics(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeparationMetrics(_Metrics):
    stems: list[str]
    format: str
    stem_audio: dict[str, dict[str, Any]] = Field(description="stem → its stored file (key, duration, ...)")
    residual_db: float | None = Field(description="level of the input minus the sum of the stems, relative to the input")
    compute_seconds: float
    realtime_factor: float
    analysis: dict[str, Any] = Field(default_factory=dict, description="the song's tempo and key")


class MixingMetrics(_Metrics):
    mix: dict[str, Any] = Field(description="the stored mix file")
    analysis: list[dict[str, Any]] = Field(default_factory=list, description="what the mix measured per track")
    report: dict[str, Any] = Field(default_factory=dict)


class MasteringMetrics(_Metrics):
    master: dict[str, Any] = Field(description="the stored 24-bit master")
    exports: dict[str, dict[str, Any]] = Field(description="format → its stored file and measurements")
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per mastering step and export")


class QcMetrics(_Metrics):
    iterations: list[dict[str, Any]] = Field(default_factory=list, description="one entry per QC pass")
    passed: bool
    inputs: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="input key → its measurements (the inputs never change within a job)")


STAGE_METRICS: dict[str, type[_Metrics]] = {
    "separation": SeparationMetrics,
    "mixing": MixingMetrics,
    "mastering": MasteringMetrics,
    "qc": QcMetrics,
}


class StageMetrics(BaseModel):
    """``JobRecord.metrics``: each stage's measurements by stage name (None until it ran)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    separation: SeparationMetrics | None = None
    mixing: MixingMetrics | None = None
    mastering: MasteringMetrics | None = None
    qc: QcMetrics | None = None

    def __setitem__(self, stage: str, metrics: dict[str, Any] | BaseModel) -> None:
        """Store ``stage``'s metrics (as the stage returned them), validated against its model."""
        model = STAGE_METRICS.get(stage)
        if model is None:
            raise KeyError(f"stage {stage!r} keeps no metrics on the job record; stages that do: {', '.join(STAGE_METRICS)}")
        setattr(self, stage, metrics if isinstance(metrics, model) else model.model_validate(metrics))
