"""Tempo estimation on generated drum loops and click tracks."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, sosfilt

from mixdown.dsp.tempo import Tempo, estimate_tempo
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


@pytest.mark.parametrize("bpm", TEMPI_BPM)
@pytest.mark.parametrize("kind", ["drums", "click", "song"])
def test_generated_loops_read_within_one_bpm(bpm, kind):
    audio = {"drums": lambda: drum_loop(bpm), "click": lambda: click_track(bpm),
             "song": lambda: beat(20.0, RATE_HZ, bpm=bpm, seed=2)}[kind]()
    tempo = estimate_tempo(audio, RATE_HZ)
    assert tempo.bpm == pytest.approx(bpm, abs=1.0), tempo  # the generated loops are unambiguous
    assert 0.5 <= tempo.confidence <= 1.0


@pytest.mark.parametrize("rate", [22050, 48000])
def test_other_sample_rates_and_stereo(rate):
    loop = drum_loop(128.0, rate=rate)
    assert estimate_tempo(np.concatenate([loop, 0.5 * loop]), rate).bpm == pytest.approx(128.0, abs=1.0)


def test_slow_and_fast_tempi_are_not_folded_to_an_octave():
    """The range is 40-240 BPM: a 60 BPM click is 60, not 120 (the estimator the mixing had
    folded everything into 70-180 BPM)."""
    assert estimate_tempo(click_track(60.0), RATE_HZ).bpm == pytest.approx(60.0, abs=1.0)
    assert estimate_tempo(drum_loop(70.0), RATE_HZ).bpm == pytest.approx(70.0, abs=1.0)


def test_confidence_is_low_without_a_beat():
    rate = RATE_HZ
    t = np.arange(10 * rate) / rate
    tones = (0.1 * sum(np.sin(2 * np.pi * 110 * k * t) for k in range(1, 5)))[None, :].astype(np.float32)
    noise = (0.1 * np.random.default_rng(0).standard_normal((1, 10 * rate))).astype(np.float32)
    for audio in (tones, noise, np.zeros((1, 10 * rate), np.float32)):
        assert estimate_tempo(audio, rate).confidence < 0.05
    assert estimate_tempo(vocal_like(20.0, rate), rate).confidence < estimate_tempo(drum_loop(90.0), rate).confidence


def test_short_or_invalid_audio():
    """Under MIN_ANALYSIS_SECONDS there is no reading (0 BPM, confidence 0); the audio contract
    is the shared one."""
    assert estimate_tempo(drum_loop(120.0, seconds=2.0), RATE_HZ) == Tempo(0.0, 0.0)
    with pytest.raises(InvalidInput, match="NaN"):
        estimate_tempo(np.full((1, 10 * RATE_HZ), np.nan, np.float32), RATE_HZ)
    with pytest.raises(InvalidInput, match="sample_rate_hz"):
        estimate_tempo(drum_loop(120.0), 4000)
