"""Groove generator: seeded determinism, bounded humanisation, trap roll rates, fills, crashes, tempi."""

from __future__ import annotations

import numpy as np
import pytest

from training.drums.grooves import (
    MAX_JITTER_MS,
    ROLL_STEPS_PER_BEAT,
    STYLES,
    TOM_ORDER,
    groove,
    groove_grid,
    humanise,
    sequence,
)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_same_seed_same_groove(style: str) -> None:
    a = groove(np.random.default_rng(7), style, 4, 100.0)
    b = groove(np.random.default_rng(7), style, 4, 100.0)
    assert a == b and len(a) > 10
    assert a != groove(np.random.default_rng(8), style, 4, 100.0)
    assert all(0.0 < e.velocity <= 1.0 for e in a)
    assert [e.time_seconds for e in a] == sorted(e.time_seconds for e in a)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_timing_jitter_is_a_few_ms_and_bounded(style: str) -> None:
    rng = np.random.default_rng(1)
    grid = groove_grid(rng, style, 16, float(np.mean(STYLES[style].bpm_range)), start_seconds=1.0)
    events = humanise(rng, grid, STYLES[style].jitter_ms)
    offsets_ms = np.array([(e.time_seconds - t) * 1000 for e, (t, _, _) in zip(events, grid, strict=True)])
    assert np.max(np.abs(offsets_ms)) <= MAX_JITTER_MS + 1e-9
    assert 0.5 * STYLES[style].jitter_ms < np.std(offsets_ms) < 1.5 * STYLES[style].jitter_ms


def test_four_on_the_floor_kicks_sit_on_the_beat() -> None:
    bpm = 125.0
    events = groove(np.random.default_rng(3), "four_on_the_floor", 8, bpm, crash_at_start=False, fill_at_end=False)
    kicks = np.array([e.time_seconds for e in events if e.role == "kick"])
    beats = kicks / (60 / bpm)
    assert np.max(np.abs(beats - np.round(beats))) * 60 / bpm <= MAX_JITTER_MS / 1000
    assert len(set(np.round(beats).astype(int))) >= 24  # a kick on (nearly) every beat, fills aside


def test_trap_hi_hats_roll_at_triplet_and_32nd_rates() -> None:
    bpm, rates = 140.0, set()
    beat = 60 / bpm
    for seed in range(20):
        grid = groove_grid(np.random.default_rng(seed), "trap", 8, bpm, crash_at_start=False, fill_at_end=False)
        hats = np.array(sorted(t for t, role, _ in grid if role == "hihat_closed"))
        gaps = np.diff(hats) / beat
        short = gaps[gaps < 0.5 - 1e-6]
        for gap in short:  # every hat closer than an 8th is part of a roll at one of the roll rates
            rate = min(ROLL_STEPS_PER_BEAT, key=lambda r: abs(1 / r - gap))
            assert gap == pytest.approx(1 / rate, abs=1e-9)
            rates.add(rate)
    assert rates == set(ROLL_STEPS_PER_BEAT)


def test_accents_ghosts_and_swing() -> None:
    events = groove(np.random.default_rng(5), "funk", 32, 100.0, crash_at_start=False, fill_at_end=False)
    snares = np.array([e.velocity for e in events if e.role == "snare"])
    assert np.min(snares) < 0.45 and np.max(snares) > 0.85  # ghost notes and backbeat accents
    bpm = 90.0
    grid = groove_grid(np.random.default_rng(2), "hiphop", 8, bpm, crash_at_start=False, fill_at_end=False)
    sixteenth = 60 / bpm / 4
    positions = {round((t / sixteenth) % 2, 3) for t, role, _ in grid if role == "hihat_closed"}
    late = [p for p in positions if p > 0.5]
    assert late and all(p > 1.05 for p in late)  # swung: the off-16ths come late (swing > 0.54)


def test_fills_use_toms_and_sections_start_with_a_crash() -> None:
    bpm = 100.0
    bar = 4 * 60 / bpm
    for seed in range(10):
        events = groove(np.random.default_rng(seed), "rock", 2, bpm, crash_at_start=True, fill_at_end=True)
        last_bar = [e for e in events if e.time_seconds > bar + 2 * 60 / bpm]
        assert any(e.role in TOM_ORDER for e in last_bar)
        first = [e for e in events if e.time_seconds < 0.02]
        assert {"crash", "kick"} <= {e.role for e in first}


def test_sequences_cover_the_length_with_tempi_in_each_style_range() -> None:
    for seed in range(10):
        events, bpm, styles = sequence(np.random.default_rng(seed), 25.0, max_sections=4)
        assert events[-1].time_seconds < 25.0 and events[-1].time_seconds > 20.0
        assert STYLES[styles[0]].bpm_range[0] <= bpm <= STYLES[styles[0]].bpm_range[1]
    assert max(len(sequence(np.random.default_rng(s), 25.0, max_sections=4)[2]) for s in range(10)) >= 3
