"""What a stage implements and what it is given: the interface between the stage worker
(:mod:`mixdown.events.worker`, which handles NATS, the job record and retries) and a service's
pure core, which reads its inputs from storage and returns a :class:`StageResult`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from mixdown.events.budget import PhaseClock
from mixdown.events.messages import JobError, JobRecord, StageMessage
from mixdown.storage import ObjectStore, job_prefix


class StageResult(BaseModel):
    """What a stage produced; stored as the run's manifest and merged into the job record."""

    artifacts: dict[str, str] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, Any] = Field(default_factory=dict)
    targets: dict[str, float] = Field(default_factory=dict)
    """Delivery targets this stage changes for the job (a revision's "plus fort" → target_lufs)."""
    next_stage: str | None = None
    next_corrections: dict[str, float] = Field(default_factory=dict)
    fail: JobError | None = None
    phases_seconds: dict[str, float] = Field(default_factory=dict)
    """Where the run's time went (:data:`mixdown.events.budget.PHASES`); the worker fills it."""
    peak_memory_bytes: int | None = None
    """The process's peak resident memory while the run ran; the worker fills it."""


@dataclass
class StageContext:
    """Everything a stage needs for one message; the core never sees NATS."""

    job: JobRecord
    message: StageMessage
    store: ObjectStore
    work_dir: Path
    report_progress: Callable[[float, str], None] = field(default=lambda fraction, note: None)
    phases: PhaseClock = field(default_factory=PhaseClock)
    """Time the run's parts with it: ``with ctx.phases("decode"): ...``."""

    @property
    def job_prefix(self) -> str:
        return job_prefix(self.job.tenant, self.job.id)

    @property
    def output_prefix(self) -> str:
        return f"{self.job_prefix}/runs/{self.message.run_name}"

    def output_key(self, name: str) -> str:
        return f"{self.output_prefix}/{name}"


class Stage(Protocol):
    name: str

    def run(self, ctx: StageContext) -> StageResult:
        """Blocking: read inputs from storage, compute, write outputs, return the result."""
