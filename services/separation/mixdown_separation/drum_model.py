"""The project's drum-part separator: an ONNX mask network applied to the STFT of a drum stem.

The network (trained by ``make train-drums``, see ``docs/drum-model.md``) ships as
``models/drums.onnx`` and is served by onnxruntime: the CUDA provider first when
``onnxruntime.get_available_providers()`` lists it, the CPU otherwise. It maps the magnitude
spectrogram of a stereo drum stem (normalised by the stem's RMS) to four soft masks, one per
piece and channel, that sum to one in every bin (a softmax over the pieces). :meth:`DrumModel.split`
reads top to bottom:

1. resample to the model's rate (44.1 kHz) when the stem has another one; a mono stem (or each
   channel of a stem with more than two) is fed as a left/right pair of the same signal;
2. the RMS of the whole stem, so that every chunk sees the same feature scale;
3. chunks of ``chunk_seconds`` (10 s) overlapping by ``crossfade_seconds`` (:mod:`mixdown.dsp.chunks`):
   STFT of each channel (:func:`mixdown_separation.drums.stft`, Hann, n_fft 2048, hop 512),
   the network's masks applied to the complex STFT, inverse STFT to the chunk's exact length,
   weighted by the crossfade and added at the chunk's own start, so the pieces stay aligned to
   the sample and the memory stays flat (one chunk's spectra at a time; the output itself is
   float32);
4. resample the pieces back to the stem's rate;
5. the cymbals are the stem minus the three other pieces: the masks sum to one and the inverse
   STFT is linear, so that is the cymbals' masked STFT inverted, plus what the STFT round trip
   (and resampling) leaves; the four pieces sum to the stem within float32 rounding.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from math import gcd
from pathlib import Path

import numpy as np
import onnxruntime as ort
from scipy.signal import resample_poly

from mixdown.dsp import as_audio
from mixdown.dsp.chunks import chunks
from mixdown.errors import Unavailable
from mixdown.onnxsession import open_session

MODEL_PATH = Path(__file__).with_name("models") / "drums.onnx"
PIECES = ("kick", "snare", "toms", "cymbals")
"""The network's outputs, in order (the same as :data:`mixdown_separation.drums.DRUM_PIECES`)."""
RESIDUAL_PIECE = "cymbals"
_RESIDUAL_BLOCK_SAMPLES = 1 << 20

Progress = Callable[[float, str], None]


class DrumModel:
    """An onnxruntime session of the drum-part network; build it with :meth:`load`."""

    def __init__(self, session: ort.InferenceSession, path: Path, metadata: dict[str, object]) -> None:
        self._session = session
        self.path = path
        self.sample_rate_hz = int(metadata["sample_rate_hz"])  # type: ignore[call-overload]
        self.n_fft = int(metadata["n_fft"])  # type: ignore[call-overload]
        self.hop = int(metadata["hop"])  # type: ignore[call-overload]
        self._input = session.get_inputs()[0].name

    @classmethod
    def load(cls, path: Path | str | None = None, threads: int | None = None) -> DrumModel:
        """The model at ``path`` (the shipped ``models/drums.onnx`` by default).

        Raises :class:`mixdown.errors.Unavailable` naming the file when it is missing, when
        onnxruntime cannot read it, or when its metadata is not a drum-part model for
        kick, snare, toms and cymbals."""
        path = Path(path) if path is not None else MODEL_PATH
        if not path.is_file():
            raise Unavailable(f"drum model {path}: no such file (make train-drums writes it)")
        session = open_session(path, "drum model", threads=threads, flat_memory=True)
        raw = session.get_modelmeta().custom_metadata_map
        try:
            metadata = {key: json.loads(value) for key, value in raw.items()}
        except json.JSONDecodeError as exc:
            raise Unavailable(f"drum model {path}: unreadable metadata ({exc})") from exc
        if metadata.get("pieces") != list(PIECES) or not {"sample_rate_hz", "n_fft", "hop"} <= set(metadata):
            raise Unavailable(f"drum model {path}: metadata {sorted(raw)} does not describe a drum-part model "
                              f"for {', '.join(PIECES)} (pieces {metadata.get('pieces')})")
        return cls(session, path, metadata)

    @property
    def providers(self) -> list[str]:
        """The execution providers the session really uses, first preferred."""
        return list(self._session.get_providers())

    def masks(self, magnitude: np.ndarray) -> np.ndarray:
        """Normalised magnitude (2, bins, frames) → masks (4, 2, bins, frames), summing to one over axis 0."""
        return self._session.run(None, {self._input: magnitude[None].astype(np.float32)})[0][0]

    def split(
        self,
        drums: np.ndarray,
        sample_rate_hz: int,
        chunk_seconds: float = 10.0,
        crossfade_seconds: float = 1.0,
        progress: Progress | None = None,
    ) -> dict[str, np.ndarray]:
        """Drum stem (channels, samples) → kick, snare, toms, cymbals: float32 arrays shaped like
        ``drums`` that sum back to it within float32 rounding (see the module for the steps)."""
        drums = as_audio(drums, sample_rate_hz)
        channels, total = drums.shape
        report = progress or (lambda fraction, note: None)
        resampled = _resample(drums, sample_rate_hz, self.sample_rate_hz)
        pairs = [resampled] if channels == 2 else [np.stack([c, c]) for c in resampled]
        outputs = []
        for index, pair in enumerate(pairs):
            def step(fraction: float, note: str, index: int = index) -> None:
                report((index + fraction) / len(pairs), note)

            outputs.append(self._split_pair(pair, chunk_seconds, crossfade_seconds, step))
        pieces = {}
        for name in PIECES:
            at_model_rate = outputs[0][name] if channels == 2 else np.stack([o[name].mean(axis=0) for o in outputs])
            pieces[name] = _resample(at_model_rate, self.sample_rate_hz, sample_rate_hz)[:, :total]
        return _give_residual(drums, pieces)

    def _split_pair(
        self, pair: np.ndarray, chunk_seconds: float, crossfade_seconds: float, report: Progress
    ) -> dict[str, np.ndarray]:
        from mixdown_separation.drums import istft, stft  # the DSP splitter's STFT: one STFT in the service

        total = pair.shape[1]
        energy = sum(float(np.sum(np.square(pair[:, s : s + _RESIDUAL_BLOCK_SAMPLES], dtype=np.float64)))
                     for s in range(0, total, _RESIDUAL_BLOCK_SAMPLES))
        rms = max(float(np.sqrt(energy / max(pair.size, 1))), 1e-8)
        # whole hops, so that every chunk's frames fall on the same grid as the unchunked ones
        chunk = max(int(chunk_seconds * self.sample_rate_hz) // self.hop, 4 * self.n_fft // self.hop) * self.hop
        crossfade = min(int(crossfade_seconds * self.sample_rate_hz) // self.hop, chunk // self.hop // 4) * self.hop
        regions = chunks(total, chunk, crossfade)
        out = {name: np.zeros((2, total), dtype=np.float32) for name in PIECES}
        for index, region in enumerate(regions):
            part = pair[:, region.start : region.end]
            spectra = np.stack([stft(channel, self.n_fft, self.hop) for channel in part])
            masks = self.masks(np.abs(spectra) / rms)
            weights = region.weights.astype(np.float32)
            for k, name in enumerate(PIECES):
                if name == RESIDUAL_PIECE:
                    continue  # the stem minus the others (_give_residual): one inverse STFT fewer
                audio = np.stack([istft(spectra[c] * masks[k, c], self.n_fft, self.hop, region.length)
                                  for c in range(2)])
                out[name][:, region.start : region.end] += (audio * weights).astype(np.float32)
            report((index + 1) / len(regions), f"drum model, chunk {index + 1}/{len(regions)}")
        return out


def _resample(audio: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Polyphase resampling (scipy's Kaiser window), float32; the input itself when the rates agree."""
    if from_hz == to_hz:
        return audio
    common = gcd(from_hz, to_hz)
    return resample_poly(audio, to_hz // common, from_hz // common, axis=1).astype(np.float32)


def _give_residual(drums: np.ndarray, pieces: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Set :data:`RESIDUAL_PIECE` to ``drums`` minus the other pieces, block by block (float64
    sums without a float64 copy of the whole stem)."""
    total = drums.shape[1]
    residual_piece = pieces[RESIDUAL_PIECE]
    for start in range(0, total, _RESIDUAL_BLOCK_SAMPLES):
        block = slice(start, min(start + _RESIDUAL_BLOCK_SAMPLES, total))
        others = np.sum([pieces[name][:, block] for name in PIECES if name != RESIDUAL_PIECE], axis=0,
                        dtype=np.float64)
        residual_piece[:, block] = (drums[:, block].astype(np.float64) - others).astype(np.float32)
    return {name: np.ascontiguousarray(pieces[name], dtype=np.float32) for name in PIECES}
