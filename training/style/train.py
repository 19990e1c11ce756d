"""Train the style controller on generated multitracks and export it to ONNX (``make train-style``).

1. **Data**: songs with seeds [0, train_songs) train; the next ``heldout_songs`` seeds are held
   out (no tuning touches them); each song gives ``draws`` examples (:mod:`.data`); cached as
   .npz under ``training/style/cache/`` (git-ignored), keyed by the data settings.
2. **Train**: Adam on the masked mean absolute error between the predicted and hidden
   normalised settings; batches hold songs with the same number of tracks; one seed fixes
   everything (2 CPU threads).
3. **Evaluate**: MAE on the normalised scale per parameter group on train and held-out, next to
   a baseline that predicts each role's mean training setting (what the prior alone gives).
4. **Export**: ONNX (opset 18, dynamic track axis, parameter names in the metadata) to
   ``services/mixing/mixdown_mixing/style/models/controller.onnx``; the metrics to
   ``training/style/metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import torch

from training.style.data import Example, parameter_names, song_examples
from training.style.model import StyleController, export_onnx, parameter_count

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "training" / "style" / "cache"
MODEL_PATH = ROOT / "services" / "mixing" / "mixdown_mixing" / "style" / "models" / "controller.onnx"
METRICS_PATH = ROOT / "training" / "style" / "metrics.json"
GROUPS = {
    "level_image": ("gain_db", "pan", "width_percent"),
    "eq": ("low_shelf_gain_db", "peak1_gain_db", "peak2_gain_db", "peak3_gain_db", "high_shelf_gain_db"),
    "dynamics": ("comp_threshold_db", "comp_ratio"),
    "sends": ("reverb_send_db", "delay_send_db"),
}


def dataset(seeds: range, draws: int, workers: int) -> list[Example]:
    path = CACHE_DIR / f"songs-{seeds.start}-{seeds.stop}-draws{draws}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    with ProcessPoolExecutor(workers) as pool:
        examples = [e for batch in pool.map(song_examples, seeds, [draws] * len(seeds)) for e in batch]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(examples))
    return examples


def _stack(examples: list[Example]) -> tuple[tuple[torch.Tensor, ...], tuple[torch.Tensor, ...]]:
    def cat(name: str) -> torch.Tensor:
        return torch.from_numpy(np.stack([getattr(e, name) for e in examples]))

    inputs = (cat("track_mel"), cat("track_scalars"), cat("track_roles"), cat("reference_mel"), cat("reference_scalars"))
    return inputs, (cat("track_target"), cat("track_mask"), cat("bus_target"))


def batches(examples: list[Example], size: int, rng: np.random.Generator | None) -> list[list[Example]]:
    """Groups of examples with the same track count, shuffled when ``rng`` is given."""
    by_count: dict[int, list[Example]] = defaultdict(list)
    for e in examples:
        by_count[len(e.roles)].append(e)
    groups = []
    for _, items in sorted(by_count.items()):
        order = rng.permutation(len(items)) if rng is not None else np.arange(len(items))
        groups += [[items[i] for i in order[k : k + size]] for k in range(0, len(items), size)]
    if rng is not None:
        groups = [groups[i] for i in rng.permutation(len(groups))]
    return groups


def loss_fn(model: StyleController, group: list[Example]) -> torch.Tensor:
    inputs, (track_target, mask, bus_target) = _stack(group)
    track_pred, bus_pred = model(*inputs)
    track_error = ((track_pred - track_target).abs() * mask).sum() / mask.sum().clamp(min=1)
    return track_error + (bus_pred - bus_target).abs().mean()


def predictions(model: StyleController, examples: list[Example]) -> list[tuple[np.ndarray, np.ndarray]]:
    model.eval()
    out = {}
    with torch.no_grad():
        for group in batches(examples, 64, None):
            track_pred, bus_pred = model(*_stack(group)[0])
            for i, e in enumerate(group):
                out[id(e)] = (track_pred[i].numpy(), bus_pred[i].numpy())
    return [out[id(e)] for e in examples]


def role_means(examples: list[Example]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The baseline: each role's mean training setting (masked) and the mean bus setting."""
    sums: dict[str, list[np.ndarray]] = defaultdict(list)
    for e in examples:
        for role, target in zip(e.roles, e.track_target, strict=True):
            sums[role].append(target)
    overall = np.mean([t for v in sums.values() for t in v], axis=0)
    means = defaultdict(lambda: overall, {r: np.mean(v, axis=0) for r, v in sums.items()})
    return means, np.mean([e.bus_target for e in examples], axis=0)


def errors(examples: list[Example], predicted: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, float]:
    """Mean absolute error on the normalised scale per parameter group (masked) and per bus parameter."""
    track_names, bus_names = parameter_names()
    totals: dict[str, list[float]] = defaultdict(list)
    for e, (track_pred, bus_pred) in zip(examples, predicted, strict=True):
        diff = np.abs(track_pred - e.track_target)
        for group, names in GROUPS.items():
            columns = [track_names.index(n) for n in names]
            totals[group] += list(diff[:, columns][e.track_mask[:, columns] > 0])
        for j, name in enumerate(bus_names):
            totals[name].append(float(abs(bus_pred[j] - e.bus_target[j])))
    result = {k: round(float(np.mean(v)), 4) for k, v in totals.items()}
    result["all_track"] = round(float(np.mean([x for g in GROUPS for x in totals[g]])), 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-songs", type=int, default=160)
    parser.add_argument("--heldout-songs", type=int, default=32)
    parser.add_argument("--draws", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    started = time.monotonic()
    train = dataset(range(args.train_songs), args.draws, args.workers)
    heldout = dataset(range(10_000, 10_000 + args.heldout_songs), args.draws, args.workers)
    data_seconds = time.monotonic() - started
    print(f"data: {len(train)} train / {len(heldout)} held-out examples in {data_seconds:.0f} s", flush=True)

    model = StyleController()
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, args.epochs)
    rng = np.random.default_rng(args.seed)
    for epoch in range(args.epochs):
        model.train()
        losses = []
        for group in batches(train, args.batch, rng):
            loss = loss_fn(model, group)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            losses.append(loss.item())
        schedule.step()
        if epoch % 5 == 4 or epoch == args.epochs - 1:
            print(f"epoch {epoch + 1}: train loss {np.mean(losses):.4f}", flush=True)

    means, bus_mean = role_means(train)
    baseline = [(np.stack([means[r] for r in e.roles]), bus_mean) for e in heldout]
    metrics = {
        "seed": args.seed, "parameters": parameter_count(model), "train_examples": len(train),
        "heldout_examples": len(heldout), "train_songs": args.train_songs, "heldout_songs": args.heldout_songs,
        "draws": args.draws, "epochs": args.epochs,
        "mae_train": errors(train, predictions(model, train)),
        "mae_heldout": errors(heldout, predictions(model, heldout)),
        "mae_heldout_role_mean_baseline": errors(heldout, baseline),
        "data_seconds": round(data_seconds), "total_seconds": round(time.monotonic() - started),
    }
    export_onnx(model, args.output, tuple(t[:1] for t in _stack(heldout[:1])[0]))
    METRICS_PATH.write_text(json.dumps(metrics, indent=2) + "\n")
    print(json.dumps(metrics, indent=2))


if __name__ == "__main__":
    main()
