from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from mixdown.settings import ServiceSettings, service_config


class SeparationSettings(ServiceSettings):
    """``MIXDOWN_SEPARATION_*``: which Demucs model to load once at start, and how to apply it."""

    model_config = service_config("SEPARATION")

    grpc_port: int = 50052
    model_name: str = Field("htdemucs", min_length=1, description="Demucs model or bag name")
    model_repo: Path | None = Field(
        None, description="local model folder in the Demucs --repo layout (<name>.yaml, <sig>.th)"
    )
    device: Literal["auto", "cpu", "cuda"] = "auto"
    segment_seconds: float | None = Field(None, gt=0, description="model window; None for the model's own")
    overlap: float = Field(0.25, ge=0, lt=1, description="share of a segment overlapping the next")
    shifts: int = Field(0, ge=0, le=20, description="random time shifts averaged (Demucs shift trick)")
    batch_size: int = Field(1, ge=1, le=64, description="segments per forward pass; raise it on a GPU (e.g. 8)")
    chunk_seconds: float = Field(60.0, ge=1, description="longest stretch processed at once (bounds memory)")
    drum_splitter: Literal["model", "dsp"] = Field(
        "model", description="kick/snare/toms/cymbals by the project's drum-part network (model: the shipped "
        "models/drums.onnx, the DSP splitter when the weights are missing or unreadable) or by the DSP splitter "
        "(dsp); a drum_model_name overrides both"
    )
    drum_model_path: Path | None = Field(
        None, description="ONNX weights of the drum-part network; None for the shipped models/drums.onnx"
    )
    drum_model_name: str | None = Field(
        None, description="drum model in Demucs format (e.g. Drumsep's) for kick/snare/toms/cymbals; "
        "None for drum_splitter"
    )
    drum_model_repo: Path | None = Field(None, description="local folder (Demucs --repo layout) of the drum model")

    def separator_options(self) -> dict[str, Any]:
        """Keyword arguments of ``mixdown_separation.core.Separator``."""
        return self.model_dump(
            include={"model_name", "model_repo", "device", "segment_seconds", "overlap", "shifts", "batch_size",
                     "chunk_seconds"}
        )

    def drum_splitter_options(self) -> dict[str, Any]:
        """Keyword arguments of ``mixdown_separation.drums.DrumSplitter`` (the drum model is applied
        like the main one: same device, segment, overlap, shifts, batch size and chunks)."""
        options = self.separator_options()
        options["model_name"] = self.drum_model_name
        options["model_repo"] = self.drum_model_repo
        options["splitter"] = self.drum_splitter
        options["weights_path"] = self.drum_model_path
        return options
