"""The separation stage: one input track from storage → one file per stem in storage, with tempo and key.

:func:`separate_object` is the storage round trip shared by the stage and the gRPC servicer. It
reads top to bottom: load the track, separate it (Demucs), split the drum stem into kick, snare,
toms and cymbals when asked, estimate tempo and key, write each stem wanted (float32 WAV, 24-bit
FLAC or 320 kbit/s MP3). When the track is itself a drum stem (``source = "drums"``), Demucs is
skipped and the track goes straight to the drum splitter.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from pedalboard.io import AudioFile

from mixdown.errors import InvalidInput
from mixdown.events.artifacts import stem_artifact
from mixdown.events.budget import PhaseClock, timed
from mixdown.events.outputs import SeparationOutput
from mixdown.events.stage import StageContext, StageResult
from mixdown.stageio import StoredAudio, finite, load_audio, save_wav, sha256_file
from mixdown.storage import ObjectStore
from mixdown_separation.analysis import analyse
from mixdown_separation.core import Progress, Separation, Separator, residual_db
from mixdown_separation.drums import DRUM_PIECES, DrumSplitter

# Share of the reported progress at the end of each step.
LOADED_FRACTION = 0.05
SEPARATED_FRACTION = 0.75
DRUMS_FRACTION = 0.85
ANALYSED_FRACTION = 0.9

FORMATS = {"wav": "audio/wav", "flac": "audio/flac", "mp3": "audio/mpeg"}
"""Output formats: float32 WAV (exact), 24-bit FLAC, MP3 at 320 kbit/s (with its encoder delay recorded)."""
MP3_BITRATE_KBPS = 320
STEM_ORDER = ("drums", "bass", "vocals", "other", "guitar", "piano", "kick", "snare", "cymbals", "toms")
"""The order stems are listed in (a model's other sources follow)."""
SOURCES = ("song", "drums")
"""What an input track is: a whole song, or a drum stem (only the drum-part split runs)."""


@dataclass(frozen=True)
class StemRequest:
    """What to deliver: ``main`` stems from the model, ``pieces`` of the drum stem, in ``format``;
    ``source`` "drums" when the input is itself a drum stem (no ``main`` stems then)."""

    main: list[str]
    pieces: list[str]
    format: str = "wav"
    source: str = "song"

    @property
    def names(self) -> list[str]:
        return self.main + self.pieces


@dataclass(frozen=True)
class StoredStems:
    stems: dict[str, StoredAudio]
    residual_db: float
    compute_seconds: float
    realtime_factor: float
    analysis: dict[str, Any] = field(default_factory=dict)
    drum_method: str = ""


def _ordered(names: Sequence[str]) -> list[str]:
    known = [name for name in STEM_ORDER if name in names]
    return known + [name for name in names if name not in known]


def resolve_request(
    sources: Sequence[str],
    stems_required: Sequence[str] | None = None,
    drum_separation: bool = False,
    output_format: str = "wav",
    source: str = "song",
) -> StemRequest:
    """The stems to deliver, or InvalidInput naming the problem.

    ``stems_required`` empty: every source of the model (and the four drum pieces with
    ``drum_separation``). Otherwise exactly the named stems, plus the four drum pieces when
    ``drum_separation`` is set and none of them is named. A drum piece (kick, snare, cymbals,
    toms) can only be named with ``drum_separation``; drum separation needs a ``drums`` source.
    ``source`` "drums": the input is a drum stem; only drum pieces can be named (none: all four).
    """
    if output_format not in FORMATS:
        raise InvalidInput(f"format {output_format!r} is not supported; choose one of {', '.join(FORMATS)}")
    if source not in SOURCES:
        raise InvalidInput(f"source {source!r} is not supported; choose one of {', '.join(SOURCES)}")
    wanted = [str(name) for name in (stems_required or [])]
    if source == "drums":
        other = [name for name in wanted if name not in DRUM_PIECES]
        if other:
            raise InvalidInput(f"source drums (a drum stem in) gives {', '.join(DRUM_PIECES)} only, "
                               f"not {', '.join(other)}")
        return StemRequest([], _ordered(wanted or DRUM_PIECES), output_format, source)
    known = list(sources) + [piece for piece in DRUM_PIECES if piece not in sources]
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise InvalidInput(
            f"unknown stems {', '.join(unknown)} in stems_required; this model gives {', '.join(sources)}, "
            f"and drum_separation gives {', '.join(DRUM_PIECES)}"
        )
    pieces = [name for name in wanted if name in DRUM_PIECES and name not in sources]
    if pieces and not drum_separation:
        raise InvalidInput(f"{', '.join(pieces)} are drum sub-stems: set drum_separation to true to get them")
    if drum_separation and "drums" not in sources:
        raise InvalidInput(f"drum_separation needs a drums stem; this model gives {', '.join(sources)}")
    main = [name for name in sources if name in wanted] if wanted else list(sources)
    if drum_separation and not pieces:
        pieces = [piece for piece in DRUM_PIECES if piece not in sources]
    return StemRequest(_ordered(main), _ordered(pieces), output_format)


def check_request(separator: Separator, model: str = "") -> None:
    """Refuse another model than the one this process loaded."""
    if model and model != separator.model_name:
        raise InvalidInput(f"model {model!r} is not served here; this service runs {separator.model_name!r}")


def save_stem(
    store: ObjectStore, key_without_ext: str, audio: np.ndarray, sample_rate_hz: int, work_dir: Path, fmt: str,
    phases: PhaseClock | None = None,
) -> StoredAudio:
    """Write one stem as ``<key>.<fmt>``: float32 WAV, 24-bit FLAC (clipped at full scale) or MP3 320k."""
    if fmt == "wav":
        return save_wav(store, f"{key_without_ext}.wav", audio, sample_rate_hz, work_dir, phases=phases)
    key = f"{key_without_ext}.{fmt}"
    local = work_dir / "out" / key.replace("/", "_")
    local.parent.mkdir(parents=True, exist_ok=True)
    try:
        with timed(phases, "encode"):
            if fmt == "flac":
                sf.write(str(local), np.clip(audio, -1.0, 1.0).T, sample_rate_hz, subtype="PCM_24", format="FLAC")
                label = "flac-24"
            elif fmt == "mp3":
                with AudioFile(str(local), "w", sample_rate_hz, audio.shape[0], quality=MP3_BITRATE_KBPS) as out:
                    out.write(np.clip(audio, -1.0, 1.0))
                label = f"mp3-{MP3_BITRATE_KBPS}k"
            else:
                raise InvalidInput(f"format {fmt!r} is not supported; choose one of {', '.join(FORMATS)}")
            sha = sha256_file(local)
        with timed(phases, "store"):
            store.put_file(key, local, content_type=FORMATS[fmt])
    finally:
        local.unlink(missing_ok=True)
    return StoredAudio(key=key, uri=store.uri(key), sample_rate_hz=sample_rate_hz, channels=int(audio.shape[0]),
                       frames=int(audio.shape[1]), sha256=sha, format=label)


def separate_object(
    separator: Separator,
    store: ObjectStore,
    key: str,
    output_prefix: str,
    work_dir: Path,
    request: StemRequest | None = None,
    progress: Progress | None = None,
    drum_splitter: DrumSplitter | None = None,
    phases: PhaseClock | None = None,
) -> StoredStems:
    """Read ``key``, separate it, write ``<output_prefix>/<stem>.<format>`` for each stem wanted;
    ``phases`` times the parts (the separation and the drum split as ``compute``, the tempo and
    key as ``measure``)."""
    report = progress or (lambda fraction, note: None)
    request = request or resolve_request(separator.sources)
    report(0.0, "loading audio")
    audio, rate = load_audio(store, key, work_dir, phases=phases)
    report(LOADED_FRACTION, "audio loaded")

    def separating(fraction: float, note: str) -> None:
        report(LOADED_FRACTION + (SEPARATED_FRACTION - LOADED_FRACTION) * fraction, note)

    def splitting(fraction: float, note: str) -> None:
        report(SEPARATED_FRACTION + (DRUMS_FRACTION - SEPARATED_FRACTION) * fraction, note)

    splitter = (drum_splitter or DrumSplitter()) if request.pieces else None
    with timed(phases, "compute"):
        if splitter is not None and request.source == "drums":
            result = split_drum_stem(splitter, audio, rate, separating)
            stems = dict(result.stems)
        else:
            result = separator.separate_with_metrics(audio, rate, separating)
            stems = dict(result.stems)
            if splitter is not None:
                pieces = splitter.split(stems["drums"], rate, splitting)
                stems.update({name: pieces[name] for name in request.pieces})
    drum_method = splitter.method if splitter is not None else ""
    drums = audio if request.source == "drums" else stems.get("drums")
    harmonic = None if drums is None or request.source == "drums" else audio - drums
    with timed(phases, "measure"):
        analysis = analyse(audio, rate, percussive=drums, harmonic=harmonic)
    report(ANALYSED_FRACTION, f"{analysis['bpm']:g} BPM, {analysis['key'] or 'no key'}")

    stored = {}
    for index, name in enumerate(request.names):
        stored[name] = save_stem(store, f"{output_prefix}/{name}", stems.pop(name), rate, work_dir, request.format,
                                 phases)
        report(ANALYSED_FRACTION + (1.0 - ANALYSED_FRACTION) * (index + 1) / len(request.names), f"stored {name}")
    return StoredStems(stored, result.residual_db, result.compute_seconds, result.realtime_factor,
                       finite(analysis), drum_method)


def split_drum_stem(splitter: DrumSplitter, audio: np.ndarray, sample_rate_hz: int,
                    progress: Progress | None = None) -> Separation:
    """A drum stem → its four pieces (``source = "drums"``), timed like a model's separation; the
    residual level is that of the pieces' sum against the stem (float32 rounding)."""
    started = time.perf_counter()
    pieces = splitter.split(audio, sample_rate_hz, progress)
    residual = audio - np.sum([pieces[name] for name in DRUM_PIECES], axis=0, dtype=np.float64)
    return Separation(pieces, int(sample_rate_hz), residual_db(residual, audio), time.perf_counter() - started)


def _options(options: dict[str, Any]) -> tuple[list[str], bool, str, str]:
    """(stems_required, drum_separation, format, model) from a job's options, checked."""
    value = options.get("stems_required") or []
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise InvalidInput(f"option stems_required must be a list of stem names, got {value!r}")
    drum_separation = options.get("drum_separation", False)
    if not isinstance(drum_separation, bool):
        raise InvalidInput(f"option drum_separation must be true or false, got {drum_separation!r}")
    output_format = options.get("format", "wav")
    if not isinstance(output_format, str):
        raise InvalidInput(f"option format must be one of {', '.join(FORMATS)}, got {output_format!r}")
    return list(value), drum_separation, output_format, str(options.get("model", ""))


class SeparationStage:
    """Jobs of kind ``separation``: the single input track → ``stems/<name>.<format>`` under the run's
    prefix, with the song's tempo and key in the metrics (``analysis``)."""

    name = "separation"

    def __init__(self, separator: Separator, drum_splitter: DrumSplitter | None = None) -> None:
        self.separator = separator
        self.drum_splitter = drum_splitter

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        if len(job.inputs) != 1:
            raise InvalidInput(f"separation takes exactly one input track, got {len(job.inputs)}")
        stems_required, drum_separation, output_format, model = _options(job.options)
        check_request(self.separator, model)
        source = job.options.get("source", "song")
        request = resolve_request(self.separator.sources, stems_required, drum_separation, output_format,
                                  source if isinstance(source, str) else repr(source))
        out = separate_object(
            self.separator,
            ctx.store,
            job.inputs[0].key,
            ctx.output_key("stems"),
            ctx.work_dir,
            request,
            ctx.report_progress,
            self.drum_splitter,
            ctx.phases,
        )
        output = SeparationOutput(settings=self.separator.parameters, drum_method=out.drum_method or None)
        return StageResult(
            artifacts={stem_artifact(name): stored.key for name, stored in out.stems.items()},
            parameters=output.model_dump(),
            metrics={
                "stems": list(out.stems),
                "format": request.format,
                "stem_audio": {name: stored.to_dict() for name, stored in out.stems.items()},
                "residual_db": out.residual_db,
                "compute_seconds": out.compute_seconds,
                "realtime_factor": out.realtime_factor,
                "analysis": out.analysis,
            },
        )
