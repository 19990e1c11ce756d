"""Train the drum-part separator and export it to ONNX (``make train-drums``).

1. **Data**: clips of ``--clip-seconds`` rendered from the "train" kits (one kit per clip, in
   turn) by :func:`training.drums.render.render_example`, each piece its own stem; the
   "validation" kits give the validation clips (the issue's held-out kits are left to the
   benchmark). Without the kit renderer (``--data synth``) the clips are the synthetic loops of
   :func:`mixdown_separation.synth.drum_loop`. Rendered once, cached as float16 under
   ``training/drums/cache/`` (git-ignored), keyed by the data settings.
2. **Augment** (every step, from the seed): a random crop of ``--crop-seconds``, per-piece
   gains of ±6 dB (the mixture is their sum again, so it stays a valid mixture), a random
   left/right swap and an overall gain (the features are normalised by the RMS anyway).
3. **Train**: AdamW with a one-cycle schedule on the loss of :func:`loss_fn`, an exponential
   moving average of the weights (:data:`EMA_DECAY`) exported; one seed fixes everything (2 CPU
   threads).
4. **Validate**: SDR per piece on the validation clips, through the same numpy + onnxruntime
   path the service uses (:class:`mixdown_separation.drum_model.DrumModel`).
5. **Export**: ONNX to ``services/separation/mixdown_separation/models/drums.onnx``; the metrics
   to ``training/drums/metrics.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import torch

from mixdown_separation.drums import DRUM_PIECES
from training.drums.model import HOP, N_FFT, SAMPLE_RATE_HZ, DrumMaskNet, export_onnx, parameter_count

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "training" / "drums" / "cache"
MODEL_PATH = ROOT / "services" / "separation" / "mixdown_separation" / "models" / "drums.onnx"
METRICS_PATH = ROOT / "training" / "drums" / "metrics.json"
SDR_EPS_SHARE = 1e-3
"""The SDR loss's floor, as a share of the mixture's energy: a piece silent in a clip scores 0 dB
when its estimate is silent too, and less the more the others leak into it."""
EMA_DECAY = 0.995
"""The exported weights are an exponential moving average of the trained ones (time constant
about 200 steps): smoother than the last step's, whatever the learning rate was when it ended."""
SDR_WEIGHT = 0.02
"""Weight of the SDR loss (per dB) against the complex-spectrum L1 (about 0.1-1)."""


# --- data --------------------------------------------------------------------------------------


def _render(task: tuple[str, str, int, float]) -> np.ndarray:
    """(4 pieces, 2, samples) float16 of one clip: ``task`` = (source, kit, seed, seconds)."""
    source, kit, seed, seconds = task
    if source == "synth":
        from mixdown_separation.synth import drum_loop

        rng = np.random.default_rng(seed)
        loop = drum_loop(seconds, SAMPLE_RATE_HZ, bpm=float(rng.uniform(70, 180)), seed=seed)
        pieces = [loop.pieces[name] for name in DRUM_PIECES]
    else:
        from training.drums.render import render_example

        example = render_example(np.random.default_rng(seed), _kit(kit), seconds, SAMPLE_RATE_HZ)
        pieces = [example.pieces[name] for name in DRUM_PIECES]
    return np.stack(pieces).astype(np.float16)


_KITS: dict[str, object] = {}


def _kit(name: str) -> object:
    from training.drums.kits import load_kit

    if name not in _KITS:
        _KITS[name] = load_kit(name, SAMPLE_RATE_HZ)
    return _KITS[name]


def kits(split: str, source: str) -> tuple[str, ...]:
    if source == "synth":
        return ("synth",)
    from training.drums.kits import ensure_kits, kit_names

    ensure_kits()
    return kit_names(split)


SHARD_CLIPS = 32
"""Clips per cache file: an interrupted rendering resumes from the last whole shard."""


def clips(split: str, source: str, count: int, seconds: float, seed: int, workers: int) -> list[np.ndarray]:
    """``count`` clips from the kits of ``split``, as shards (clips, 4, 2, samples) float16 cached
    on disk and memory-mapped: clip ``i`` is rendered from kit ``i mod kits`` with seed ``i``."""
    names = kits(split, source)
    offset = {"train": 0, "validation": 1_000_000}[split] + 10_000 * seed
    tasks = [(source, names[i % len(names)], offset + i, seconds) for i in range(count)]
    shards = []
    for first in range(0, count, SHARD_CLIPS):
        shard = tasks[first : first + SHARD_CLIPS]
        key = hashlib.sha1(json.dumps(shard).encode()).hexdigest()[:12]
        path = CACHE_DIR / f"{source}-{split}-{seconds:g}s-{first:05d}-{key}.npy"
        if not path.exists():
            with ProcessPoolExecutor(workers) as pool:
                data = np.stack(list(pool.map(_render, shard)))
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            np.save(path.with_suffix(".tmp.npy"), data)
            path.with_suffix(".tmp.npy").rename(path)
            print(f"rendered {path.name}", flush=True)
        shards.append(np.load(path, mmap_mode="r"))
    return shards


def batch(shards: list[np.ndarray], size: int, crop: int, rng: np.random.Generator) -> torch.Tensor:
    """Augmented pieces (size, 4, 2, crop) float32; the mixture is their sum."""
    out = np.empty((size, len(DRUM_PIECES), 2, crop), dtype=np.float32)
    total = sum(len(shard) for shard in shards)
    for row in range(size):
        index = int(rng.integers(total))
        for shard in shards:
            if index < len(shard):
                break
            index -= len(shard)
        clip = shard[index]
        for _ in range(8):  # a crop where something plays (grooves can pause)
            start = rng.integers(clip.shape[-1] - crop + 1)
            pieces = clip[:, :, start : start + crop].astype(np.float32)
            if float(np.abs(pieces.sum(axis=0)).max()) > 1e-4:
                break
        pieces *= (10 ** (rng.uniform(-6, 6, len(DRUM_PIECES)) / 20))[:, None, None]
        if rng.random() < 0.5:
            pieces = pieces[:, ::-1]
        out[row] = pieces * 10 ** (rng.uniform(-12, 6) / 20)
    return torch.from_numpy(out)


# --- loss --------------------------------------------------------------------------------------


def spectrogram(audio: torch.Tensor) -> torch.Tensor:
    """(..., samples) → (..., bins, frames) complex, Hann, centred frames (the service's frames
    differ by a shift of two hops only)."""
    shape = audio.shape
    spec = torch.stft(audio.reshape(-1, shape[-1]), N_FFT, HOP, window=torch.hann_window(N_FFT), center=True,
                      return_complex=True)
    return spec.reshape(*shape[:-1], *spec.shape[-2:])


def separate(model: DrumMaskNet, mixture: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mixture (B, 2, n) → (estimated spectra (B, 4, 2, bins, frames), mixture spectrum)."""
    spec = spectrogram(mixture)
    rms = mixture.square().mean(dim=(1, 2), keepdim=True).sqrt().clamp(min=1e-8)
    masks = model(spec.abs() / rms[..., None])
    return masks * spec[:, None], spec


def loss_fn(model: DrumMaskNet, pieces: torch.Tensor) -> torch.Tensor:
    """L1 on the complex STFT of each piece (normalised by the mixture's mean magnitude) plus a
    time-domain SDR term.

    Why both: the L1 on the spectrum trains every bin evenly and is stable from the first step
    (its gradient does not vanish on quiet pieces); the SDR term is what the benchmark measures —
    energy-weighted, in the time domain after the overlap-add — so the model spends its capacity
    where the scores are decided (a kick's loud body), and masks are judged after the iSTFT. A
    multi-resolution STFT loss would cost three more STFTs per piece for a similar purpose.
    """
    mixture = pieces.sum(dim=1)
    estimate, spec = separate(model, mixture)
    target = spectrogram(pieces)
    scale = spec.abs().mean(dim=(1, 2, 3), keepdim=True).clamp(min=1e-8)[:, None]
    l1 = (torch.view_as_real(estimate - target).abs() / scale[..., None]).mean()  # real and imaginary parts:
    # a complex abs has no gradient at zero (silence)
    n = pieces.shape[-1]
    flat = estimate.reshape(-1, *estimate.shape[-2:])
    audio = torch.istft(flat, N_FFT, HOP, window=torch.hann_window(N_FFT), center=True, length=n)
    audio = audio.reshape(pieces.shape)
    eps = SDR_EPS_SHARE * mixture.square().sum(dim=(1, 2))[:, None] + 1e-8
    signal = pieces.square().sum(dim=(2, 3)) + eps
    error = (pieces - audio).square().sum(dim=(2, 3)) + eps
    sdr = 10 * torch.log10(signal / error)
    return l1 - SDR_WEIGHT * sdr.mean()


# --- validation --------------------------------------------------------------------------------


def sdr_db(reference: np.ndarray, estimate: np.ndarray) -> float:
    """10 log10(|s|^2 / |s - ŝ|^2) over the whole clip (the benchmark's definition)."""
    reference = reference.astype(np.float64)
    error = float(np.sum((reference - estimate) ** 2))
    return float(10.0 * np.log10(float(np.sum(reference**2)) / max(error, 1e-20)))


def validate(path: Path, shards: list[np.ndarray]) -> dict[str, float]:
    """Mean SDR per piece (dB) of the exported model on ``data``, through the service's path;
    a piece silent in a clip (under -60 dB of the mixture) does not count for that clip."""
    from mixdown_separation.drum_model import DrumModel

    model = DrumModel.load(path, threads=2)
    scores: dict[str, list[float]] = {name: [] for name in DRUM_PIECES}
    for clip in (clip for shard in shards for clip in shard):
        pieces = clip.astype(np.float32)
        mixture = pieces.sum(axis=0)
        out = model.split(mixture, SAMPLE_RATE_HZ)
        for index, name in enumerate(DRUM_PIECES):
            if np.sum(pieces[index].astype(np.float64) ** 2) > 1e-6 * np.sum(mixture.astype(np.float64) ** 2):
                scores[name].append(sdr_db(pieces[index], out[name]))
    return {name: round(float(np.mean(v)), 2) if v else float("nan") for name, v in scores.items()}


# --- main --------------------------------------------------------------------------------------


def _default_source() -> str:
    try:
        import training.drums.render  # noqa: F401
    except ImportError:
        return "synth"
    return "kits"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", choices=("kits", "synth"), default=_default_source())
    parser.add_argument("--train-clips", type=int, default=1152)
    parser.add_argument("--validation-clips", type=int, default=48)
    parser.add_argument("--clip-seconds", type=float, default=6.0)
    parser.add_argument("--crop-seconds", type=float, default=1.5)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--depth", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="stop training after this long (a deadline guard; metrics record the step reached)")
    parser.add_argument("--render-only", action="store_true", help="render the clips (cached) and stop")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--metrics", type=Path, default=METRICS_PATH)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    started = time.monotonic()
    train = clips("train", args.data, args.train_clips, args.clip_seconds, args.seed, args.workers)
    validation = clips("validation", args.data, args.validation_clips, args.clip_seconds, args.seed, args.workers)
    data_seconds = time.monotonic() - started
    print(f"data ({args.data}): {args.train_clips} train / {args.validation_clips} validation clips in "
          f"{data_seconds:.0f} s", flush=True)
    if args.render_only:
        return

    model = DrumMaskNet(args.width, args.depth)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, args.lr, total_steps=args.steps, pct_start=0.1)
    average = torch.optim.swa_utils.AveragedModel(
        model, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(EMA_DECAY))
    rng = np.random.default_rng(args.seed)
    crop = int(args.crop_seconds * SAMPLE_RATE_HZ)
    losses = []
    steps_done = args.steps
    model.train()
    for step in range(args.steps):
        if args.max_minutes is not None and time.monotonic() - started - data_seconds > 60 * args.max_minutes:
            steps_done = step
            print(f"stopped at step {step} after {args.max_minutes:g} min (--max-minutes)", flush=True)
            break
        loss = loss_fn(model, batch(train, args.batch, crop, rng))
        optimiser.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        if torch.isfinite(loss) and torch.isfinite(norm):
            optimiser.step()
            average.update_parameters(model)
        else:
            print(f"step {step + 1}: loss {loss.item()}, gradient norm {norm.item()}: skipped", flush=True)
        schedule.step()
        losses.append(loss.item())
        if step % 50 == 49 or step == args.steps - 1:
            print(f"step {step + 1}: loss {np.mean(losses[-50:]):.4f} ({time.monotonic() - started:.0f} s)", flush=True)
    train_seconds = time.monotonic() - started - data_seconds

    kit_names = {split: list(kits(split, args.data)) for split in ("train", "validation")}
    export_onnx(average.module, args.output, {"seed": args.seed, "steps": args.steps, "data": args.data})
    metrics = {
        "seed": args.seed, "data": args.data, "kits": kit_names, "parameters": parameter_count(model),
        "width": args.width, "depth": args.depth, "steps": args.steps, "steps_done": steps_done, "batch": args.batch,
        "lr": args.lr,
        "crop_seconds": args.crop_seconds, "train_clips": args.train_clips, "validation_clips": args.validation_clips,
        "clip_seconds": args.clip_seconds, "final_train_loss": round(float(np.mean(losses[-50:])), 4),
        "validation_sdr_db": validate(args.output, validation),
        "data_seconds": round(data_seconds), "train_seconds": round(train_seconds),
        "total_seconds": round(time.monotonic() - started),
    }
    args.metrics.write_text(json.dumps(metrics, indent=2) + "\n")
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
