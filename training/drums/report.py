"""Sanity figures of the drum training data: ``python -m training.drums.report [--examples N]``.

Prints the kits per split, the hits per piece over rendered examples, the render speed (seconds
of audio per second of CPU wall time) and, per kit and piece, the spectral centroid of the
rendered stems (a listen-like check: kicks low, cymbals high; a kit whose mapping went wrong
stands out). Installs the kits first (:func:`training.drums.kits.ensure_kits`).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from training.drums import hydrogen
from training.drums.grooves import sequence
from training.drums.kits import DRUM_PIECES, HYDROGEN_DIR, KIT_SPLITS, ensure_kits, kits_dir, licence, load_kit
from training.drums.render import PREROLL_SECONDS, piece_of_role, render, styles_for


def spectral_centroid_hz(x: np.ndarray, sample_rate_hz: int) -> float:
    """Power-weighted mean frequency of a (2, n) signal, in Hz (0 for silence)."""
    spectrum = np.abs(np.fft.rfft(x.mean(axis=0))) ** 2
    total = spectrum.sum()
    freqs = np.fft.rfftfreq(x.shape[1], 1 / sample_rate_hz)
    return float((freqs * spectrum).sum() / total) if total > 0 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=4, help="examples rendered per kit")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each example")
    parser.add_argument("--sample-rate-hz", type=int, default=44100)
    parser.add_argument("--split", choices=sorted(KIT_SPLITS), action="append", help="splits to render (default all)")
    args = parser.parse_args()
    ensure_kits()
    for split, names in KIT_SPLITS.items():
        licences = sorted({licence(name) for name in names})
        print(f"{split}: {len(names)} kits; licences: {'; '.join(licences)}")
    hydrogen_root = kits_dir() / "root" / HYDROGEN_DIR
    for name in sorted(n for names in KIT_SPLITS.values() for n in names if "/" not in n):
        _, _, unmapped = hydrogen.read_kit(hydrogen_root / name)
        named = [u for u in unmapped if not u.isdigit()]
        more = len(unmapped) - min(len(named), 8)
        print(f"not mapped in {name}: {', '.join(named[:8]) or '-'}" + (f" (+{more} more, numbered or file-named slots)" if more else ""))
    rng = np.random.default_rng(0)
    hits = dict.fromkeys(DRUM_PIECES, 0)
    audio_seconds, wall_seconds = 0.0, 0.0
    print(f"\nmedian spectral centroid of the rendered stems (Hz), and the bank's load time (s):\n{'kit':34s} " + " ".join(f"{p:>9s}" for p in DRUM_PIECES) + "   load s")
    for split in args.split or list(KIT_SPLITS):
        for name in KIT_SPLITS[split]:
            start = time.perf_counter()
            kit = load_kit(name, args.sample_rate_hz)
            load_seconds = time.perf_counter() - start
            centroids: dict[str, list[float]] = {p: [] for p in DRUM_PIECES}
            for _ in range(args.examples):
                events, bpm, styles = sequence(rng, PREROLL_SECONDS + args.seconds, styles_for(kit))
                start = time.perf_counter()
                example = render(rng, kit, events, args.seconds, args.sample_rate_hz, PREROLL_SECONDS, bpm, styles)
                wall_seconds += time.perf_counter() - start
                audio_seconds += args.seconds
                for e in events:
                    if e.time_seconds >= PREROLL_SECONDS:
                        hits[piece_of_role(e.role)] += 1
                for piece, x in example.pieces.items():
                    if np.any(x):
                        centroids[piece].append(spectral_centroid_hz(x, args.sample_rate_hz))
            cells = [f"{np.median(c):9.0f}" if c else f"{'silent':>9s}" for c in centroids.values()]
            print(f"{split[:5] + ' ' + name:34s} " + " ".join(cells) + f"   {load_seconds:6.2f}")
    print(f"\nhits per piece (grooves, before kit fallbacks and dropped pieces): {hits}")
    print(f"render speed: {audio_seconds / wall_seconds:.1f} s of audio per s ({audio_seconds:.0f} s in {wall_seconds:.1f} s)")


if __name__ == "__main__":
    main()
