"""The separation stage: one input track from storage → one float32 WAV per stem in storage.

:func:`separate_object` is the storage round trip shared by the stage and the gRPC servicer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mixdown.errors import InvalidInput
from mixdown.events.worker import StageContext, StageResult
from mixdown.stageio import StoredAudio, load_audio, save_wav
from mixdown.storage import ObjectStore
from mixdown_separation.core import Progress, Separator, select_stems

# Share of the reported progress spent reading the input and writing the stems.
LOADED_FRACTION = 0.05
SEPARATED_FRACTION = 0.9


@dataclass(frozen=True)
class StoredStems:
    stems: dict[str, StoredAudio]
    residual_db: float
    compute_seconds: float
    realtime_factor: float


def check_request(separator: Separator, model: str = "", drum_separation: bool = False) -> None:
    """Refuse what this process cannot serve: another model than the one loaded, drum sub-stems."""
    if model and model != separator.model_name:
        raise InvalidInput(f"model {model!r} is not served here; this service runs {separator.model_name!r}")
    if drum_separation:
        raise InvalidInput("drum_separation (kick/snare/cymbals/toms) is not available yet")


def separate_object(
    separator: Separator,
    store: ObjectStore,
    key: str,
    output_prefix: str,
    work_dir: Path,
    stems_required: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> StoredStems:
    """Read ``key``, separate it, write ``<output_prefix>/<stem>.wav`` (float32) for each stem wanted."""
    report = progress or (lambda fraction, note: None)
    wanted = select_stems(separator.sources, stems_required)  # fail before the heavy work
    report(0.0, "loading audio")
    audio, rate = load_audio(store, key, work_dir)
    report(LOADED_FRACTION, "audio loaded")

    def separating(fraction: float, note: str) -> None:
        report(LOADED_FRACTION + (SEPARATED_FRACTION - LOADED_FRACTION) * fraction, note)

    result = separator.separate_with_metrics(audio, rate, separating)
    stored = {}
    for index, name in enumerate(wanted):
        stored[name] = save_wav(store, f"{output_prefix}/{name}.wav", result.stems[name], rate, work_dir)
        report(SEPARATED_FRACTION + (1.0 - SEPARATED_FRACTION) * (index + 1) / len(wanted), f"stored {name}")
    return StoredStems(stored, result.residual_db, result.compute_seconds, result.realtime_factor)


def _stems_option(options: dict[str, Any]) -> list[str]:
    value = options.get("stems_required") or []
    if isinstance(value, str) or not all(isinstance(name, str) for name in value):
        raise InvalidInput(f"option stems_required must be a list of stem names, got {value!r}")
    return list(value)


class SeparationStage:
    """Jobs of kind ``separation``: the single input track → ``stems/<name>.wav`` under the run's prefix."""

    name = "separation"

    def __init__(self, separator: Separator) -> None:
        self.separator = separator

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        if len(job.inputs) != 1:
            raise InvalidInput(f"separation takes exactly one input track, got {len(job.inputs)}")
        check_request(self.separator, str(job.options.get("model", "")), bool(job.options.get("drum_separation")))
        out = separate_object(
            self.separator,
            ctx.store,
            job.inputs[0].key,
            ctx.output_key("stems"),
            ctx.work_dir,
            _stems_option(job.options),
            ctx.report_progress,
        )
        return StageResult(
            artifacts={f"stems/{name}": stored.key for name, stored in out.stems.items()},
            parameters=self.separator.parameters,
            metrics={
                "stems": list(out.stems),
                "stem_audio": {name: stored.to_dict() for name, stored in out.stems.items()},
                "residual_db": out.residual_db,
                "compute_seconds": out.compute_seconds,
                "realtime_factor": out.realtime_factor,
            },
        )
