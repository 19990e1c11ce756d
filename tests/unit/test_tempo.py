"""Tempo estimation on generated drum loops and click tracks."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from mixdown.dsp.tempo import estimate_bpm
from mixdown.errors import InvalidInput
from mixdown_dev.examples import beat, vocal_like

RATE_HZ = 44100
TEMPI_BPM = (85.0, 100.0, 128.0, 140.0, 174.0)


def drum_loop(bpm: float, seconds: float = 20.0, rate: int = RATE_HZ, hats: bool = True, seed: int = 0) -> np.ndarray:
    """Kick on 1 and 3, snare on 2 and 4, closed hi-hats (above 7 kHz) on every eighth."""
    rng = np.random.default_rng(seed)
    samples = round(seconds * rate)
    out = np.zeros(samples)
    t = np.arange(round(0.3 * rate)) / rate
    kick = np.sin(2 * np.pi * (50 * t + 3.0 * (1 - np.exp(-t / 0.03)))) * np.exp(-t / 0.12)
    snare = rng.standard_normal(t.size) * np.exp(-t / 0.05) * 0.6
    hat = sosfilt(butter(4, 7000, "highpass", fs=rate, output="sos"), rng.standard_normal(round(0.03 * rate)))
    hat *= np.exp(-np.arange(hat.size) / rate / 0.01) * 0.3
    eighth = 30.0 / bpm * rate
    for index in range(int(samples / eighth) + 1):
        start = round(index * eighth)
        hits = []
        if index % 2 == 0:
            hits.append(kick if (index // 2) % 2 == 0 else snare)
        if hats:
            hits.append(hat)
        for hit in hits:
            end = min(samples, start + hit.size)
            out[start:end] += hit[: end - start]
    return (out / np.abs(out).max() * 0.5)[None, :].astype(np.float32)


def click_track(bpm: float, seconds: float = 20.0, rate: int = RATE_HZ) -> np.ndarray:
    """A 1 kHz click of 20 ms on every beat, accented on the first of each bar."""
    samples = round(seconds * rate)
    out = np.zeros(samples)
    t = np.arange(round(0.02 * rate)) / rate
    click = np.sin(2 * np.pi * 1000 * t) * np.exp(-t / 0.005)
    period = 60.0 / bpm * rate
    for index in range(int(samples / period) + 1):
        start = round(index * period)
        end = min(samples, start + click.size)
        out[start:end] += (1.0 if index % 4 == 0 else 0.6) * click[: end - start]
    return (out * 0.5)[None, :].astype(np.float32)


def within_one_bpm_or_an_octave(estimate: float, bpm: float) -> bool:
    """Right within 1 BPM, or an octave away (half or double, which a tempo-synced delay still
    lands on the grid with); the tests below also require the exact tempo where it is unambiguous."""
    return any(abs(estimate - bpm * factor) <= 1.0 for factor in (0.5, 1.0, 2.0))


@pytest.mark.parametrize("bpm", TEMPI_BPM)
@pytest.mark.parametrize("kind", ["drums", "click", "song"])
def test_generated_loops_read_within_one_bpm(bpm, kind):
    audio = {"drums": lambda: drum_loop(bpm), "click": lambda: click_track(bpm),
             "song": lambda: beat(20.0, RATE_HZ, bpm=bpm, seed=2)}[kind]()
    estimate, confidence = estimate_bpm(audio, RATE_HZ)
    assert within_one_bpm_or_an_octave(estimate, bpm), (estimate, confidence)
    assert estimate == pytest.approx(bpm, abs=1.0)  # the generated loops are unambiguous
    assert 0.5 <= confidence <= 1.0


@pytest.mark.parametrize("rate", [22050, 48000])
def test_other_sample_rates_and_stereo(rate):
    loop = drum_loop(128.0, rate=rate)
    estimate, _ = estimate_bpm(np.concatenate([loop, 0.5 * loop]), rate)
    assert estimate == pytest.approx(128.0, abs=1.0)


def test_results_are_folded_into_the_range():
    estimate, _ = estimate_bpm(click_track(60.0), RATE_HZ)
    assert 70.0 <= estimate <= 180.0 and estimate == pytest.approx(120.0, abs=1.0)
    estimate, _ = estimate_bpm(drum_loop(200.0, hats=False), RATE_HZ, min_bpm=60.0, max_bpm=140.0)
    assert estimate == pytest.approx(100.0, abs=1.0)


def test_confidence_is_low_without_a_beat():
    rate = RATE_HZ
    t = np.arange(10 * rate) / rate
    tones = (0.1 * sum(np.sin(2 * np.pi * 110 * k * t) for k in range(1, 5)))[None, :].astype(np.float32)
    noise = (0.1 * np.random.default_rng(0).standard_normal((1, 10 * rate))).astype(np.float32)
    for audio in (tones, noise, np.zeros((1, 10 * rate), np.float32)):
        assert estimate_bpm(audio, rate)[1] < 0.05
    assert estimate_bpm(vocal_like(20.0, rate), rate)[1] < estimate_bpm(drum_loop(90.0), rate)[1]


def test_bad_requests_are_rejected():
    with pytest.raises(InvalidInput, match="at least 4 s"):
        estimate_bpm(drum_loop(120.0, seconds=2.0), RATE_HZ)
    with pytest.raises(InvalidInput, match="at least an octave"):
        estimate_bpm(drum_loop(120.0), RATE_HZ, min_bpm=100.0, max_bpm=150.0)
