"""What each stage leaves on the job record for the stages after it and for the user.

A stage returns its output as ``StageResult.parameters``; the worker stores it under the
stage's name in ``JobRecord.parameters`` (:class:`StageOutputs`), which validates it against
that stage's model, on write and on every read of the record. Stages read each other's
outputs through these models, never by string keys: mixing reads text-control's edits,
text-control reads mixing's tracks and buses, QC reads the corrections mastering applied.

Each output carries a ``version``: a change of shape bumps it, and a record holding an output
of an unknown version is refused on read, as an unknown record version is.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mixdown.events.targets import Corrections, DeliveryTargets


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1


class SeparationOutput(_Output):
    """The settings that shaped the stems (model, device, segment, overlap, shifts…)."""

    settings: dict[str, Any] = Field(default_factory=dict)
    drum_method: str | None = Field(None, description="how the drum sub-stems were made, when asked for")


class TextEdit(BaseModel):
    """One parameter change read from an instruction: ``target`` is a track name, a bus name or
    ``master`` (whose ``target_lufs`` is a delivery target, not a mix parameter)."""

    model_config = ConfigDict(extra="forbid")

    target: str
    parameter: str
    old_value: float
    value: float
    explanation: str
    clamped: bool = False


class TextControlOutput(_Output):
    """The edits text control read from one revision's instruction."""

    instruction: str
    revision: int = Field(ge=0, description="the revision the edits belong to")
    locale: str = ""
    edits: list[TextEdit] = Field(default_factory=list)
    not_understood: list[str] = Field(default_factory=list, description="parts of the instruction that made no edit")
    suggestions: list[str] = Field(default_factory=list,
                                   description="close phrasings text control understands, when a part was not")
    backend: str = "rules"
    fallback_reason: str = ""
    disagreements: list[str] = Field(default_factory=list, description="where the LLM's edits contradicted the "
                                     "rule reading's direction or target (the rule reading was kept)")


class ParameterChange(BaseModel):
    """One mix parameter a revision changed (``old`` None: the parameter was not set before)."""

    model_config = ConfigDict(extra="forbid")

    target: str
    parameter: str
    old: float | None
    value: float


class StyleClip(BaseModel):
    """One value the safety net of the style mode brought back inside its trust region."""

    model_config = ConfigDict(extra="forbid")

    target: str = Field(description="track or bus name")
    parameter: str
    proposed: float = Field(description="the value the style search proposed")
    value: float = Field(description="the value kept")
    reason: str


class StyleReport(BaseModel):
    """How a ``mix_mode=style`` mix relates to its reference.

    Distances are in just-noticeable steps per feature (``mixdown_mixing.style.features``:
    mid and side Bark spectra, width, imbalance, crest, loudness spread, and ``total``, the
    weighted sum the search minimises); ``af_*`` are Diff-MST's audio-feature distances, for
    comparability with the literature. ``mode`` says what produced the delivered parameters:
    ``optimisation``, ``controller``, ``controller+optimisation``, or ``dsp`` when the style
    result was not closer to the reference than the DSP mix (``fallback_reason`` says why).
    """

    model_config = ConfigDict(extra="forbid")

    mode: Literal["optimisation", "controller", "controller+optimisation", "dsp"]
    style_amount: float = Field(ge=0.0, le=1.0)
    reference: str = Field(description="the reference's origin: an uploaded file's name or reference_job:<id>")
    distance_dsp: dict[str, float] = Field(description="feature → distance of the DSP plan's mix to the reference")
    distance_delivered: dict[str, float] = Field(description="feature → distance of the delivered mix")
    af_distance_dsp: dict[str, float] = Field(default_factory=dict)
    af_distance_delivered: dict[str, float] = Field(default_factory=dict)
    clipped: list[StyleClip] = Field(default_factory=list)
    fallback_reason: str | None = None
    seconds: float = Field(0.0, ge=0.0, description="time the style search took")


class MixingOutput(_Output):
    """The full parameter set of a mix: rendering the stored inputs with it gives the same bits."""

    preset: str
    sample_rate_hz: int = Field(gt=0)
    bpm: float
    tracks: dict[str, dict[str, float]] = Field(description="track name → parameter → value")
    buses: dict[str, dict[str, float]] = Field(description="bus name (reverb, delay, bus) → parameter → value")
    revision: int | None = Field(None, description="set on a revision's re-render")
    changed: list[ParameterChange] = Field(default_factory=list)
    style: StyleReport | None = Field(None, description="set for mix_mode=style: distances to the reference")


class MasteringOutput(_Output):
    """What produced the master (settings, targets, corrections) and, apart, what was measured."""

    settings: dict[str, float] = Field(description="every mastering parameter as applied")
    targets: DeliveryTargets = Field(description="the targets aimed at (target_lufs resolved)")
    corrections: Corrections = Field(description="the QC corrections applied")
    measurements: dict[str, float] = Field(default_factory=dict)
    tonal_target: str = "default"
    formats: list[str] = Field(default_factory=list)
    reference_key: str | None = None
    headroom_db: dict[str, float] = Field(default_factory=dict, description="true-peak headroom per lossy format")


STAGE_OUTPUTS: dict[str, type[_Output]] = {
    "separation": SeparationOutput,
    "text_control": TextControlOutput,
    "mixing": MixingOutput,
    "mastering": MasteringOutput,
}


class StageOutputs(BaseModel):
    """``JobRecord.parameters``: each stage's output by stage name (None until it ran)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    separation: SeparationOutput | None = None
    text_control: TextControlOutput | None = None
    mixing: MixingOutput | None = None
    mastering: MasteringOutput | None = None

    def __setitem__(self, stage: str, output: dict[str, Any] | BaseModel) -> None:
        """Store ``stage``'s output (as the stage returned it), validated against its model.
        QC keeps no output here (its report is an artifact, its verdicts are metrics)."""
        model = STAGE_OUTPUTS.get(stage)
        if model is None:
            raise KeyError(f"stage {stage!r} leaves no output on the job record; stages that do: {', '.join(STAGE_OUTPUTS)}")
        setattr(self, stage, output if isinstance(output, model) else model.model_validate(output))
