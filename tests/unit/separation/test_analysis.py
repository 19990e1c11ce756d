"""Tempo and key detection on generated material with a known answer: beats at several tempi
(with the eighth-note hi-hats and half-note kicks that lure an estimator to double or half the
tempo), songs in major and minor keys, and noise, which must read as low confidence."""

from __future__ import annotations

import numpy as np
import pytest

from mixdown.dsp.tempo import estimate_tempo
from mixdown.errors import InvalidInput
from mixdown_dev.examples import beat, vocal_like
from mixdown_separation.analysis import analyse, chroma, estimate_key
from mixdown_separation.synth import beat_pattern, key_name, tonal_song

RATE_HZ = 44100
BPM_TOLERANCE = 1.0


@pytest.mark.parametrize("bpm", [60.0, 72.0, 85.0, 100.0, 118.0, 128.0, 145.0, 174.0])
def test_backbeat_tempo_within_one_bpm_not_half_nor_double(bpm):
    """Kick on 1 and 3, snare on 2 and 4, hi-hats on eighths: the kick alone repeats at half the
    tempo and the hi-hats at double; the beat is where kick and snare alternate."""
    tempo = estimate_tempo(beat_pattern(16.0, RATE_HZ, bpm, seed=int(bpm)), RATE_HZ)
    assert abs(tempo.bpm - bpm) <= BPM_TOLERANCE, tempo
    assert tempo.confidence > 0.4
    relatives = {round(candidate / bpm, 1) for candidate, _ in tempo.candidates}
    assert relatives & {0.5, 2.0}, "half and double time were considered"


@pytest.mark.parametrize("bpm", [62.0, 95.0, 124.0, 150.0, 170.0])
def test_four_on_the_floor_tempo_is_the_kick_pulse(bpm):
    """Kick on every beat, clap on 2 and 4, off-beat hi-hats (house, techno)."""
    tempo = estimate_tempo(beat_pattern(16.0, RATE_HZ, bpm, seed=int(bpm), style="four_on_the_floor"), RATE_HZ)
    assert abs(tempo.bpm - bpm) <= BPM_TOLERANCE, tempo


@pytest.mark.parametrize("bpm", [80.0, 140.0])
def test_sixteenth_note_hats_do_not_double_the_tempo(bpm):
    tempo = estimate_tempo(beat_pattern(16.0, RATE_HZ, bpm, seed=3, hats_per_beat=4), RATE_HZ)
    assert abs(tempo.bpm - bpm) <= BPM_TOLERANCE, tempo


@pytest.mark.parametrize(("bpm", "sample_rate_hz"), [(90.0, 44100), (96.0, 48000), (126.0, 44100)])
def test_tempo_of_the_example_song(bpm, sample_rate_hz):
    """mixdown_dev.examples: a vocal line over a beat with a bass on eighth notes."""
    song = beat(20.0, sample_rate_hz, bpm=bpm) + vocal_like(20.0, sample_rate_hz)
    tempo = estimate_tempo(song, sample_rate_hz)
    assert abs(tempo.bpm - bpm) <= BPM_TOLERANCE, tempo


@pytest.mark.parametrize(
    ("tonic", "mode", "bpm"),
    [(0, "major", 100.0), (7, "major", 84.0), (3, "major", 132.0), (10, "major", 76.0),
     (9, "minor", 95.0), (6, "minor", 110.0), (2, "minor", 140.0), (5, "minor", 68.0)],
)
def test_key_and_tempo_of_generated_songs(tonic, mode, bpm):
    song = tonal_song(16.0, tonic, mode, RATE_HZ, bpm, seed=tonic)
    key = estimate_key(song, RATE_HZ)
    assert key.name == key_name(tonic, mode)
    assert key.confidence > 0.4
    assert abs(estimate_tempo(song, RATE_HZ).bpm - bpm) <= BPM_TOLERANCE


@pytest.mark.parametrize(("tonic", "mode"), [(4, "major"), (11, "minor")])
def test_key_of_chords_without_drums_at_48k(tonic, mode):
    song = tonal_song(12.0, tonic, mode, 48000, 100.0, drums=False, seed=5)
    assert estimate_key(song, 48000).name == key_name(tonic, mode)


def _scale(tonic_midi: int, steps: tuple[int, ...], rate_hz: int) -> np.ndarray:
    """The scale up and down, twice, the tonic held longest: 0.25 s a note, three partials."""
    notes = [tonic_midi + s for s in steps] + [tonic_midi + 12] + [tonic_midi + s for s in reversed(steps)]
    notes = (notes + [tonic_midi] * 3) * 2
    t = np.arange(int(0.25 * rate_hz)) / rate_hz
    envelope = np.minimum(1.0, t / 0.01) * np.exp(-t / 0.4)
    parts = []
    for note in notes:
        hz = 440.0 * 2 ** ((note - 69) / 12)
        parts.append(sum(np.sin(2 * np.pi * k * hz * t) / k for k in (1, 2, 3)) * envelope)
    return (0.3 * np.concatenate(parts))[None, :].astype(np.float32)


@pytest.mark.parametrize(
    ("tonic_midi", "steps", "expected"),
    [(60, (0, 2, 4, 5, 7, 9, 11), "C major"), (62, (0, 2, 4, 5, 7, 9, 11), "D major"),
     (57, (0, 2, 3, 5, 7, 8, 11), "A minor"), (64, (0, 2, 3, 5, 7, 8, 11), "E minor")],
)
def test_key_of_scales(tonic_midi, steps, expected):
    assert estimate_key(_scale(tonic_midi, steps, RATE_HZ), RATE_HZ).name == expected


def test_chroma_of_a_pure_tone_is_its_pitch_class():
    t = np.arange(RATE_HZ * 2) / RATE_HZ
    vector = chroma(np.sin(2 * np.pi * 440.0 * t)[None, :].astype(np.float32), RATE_HZ)
    assert int(np.argmax(vector)) == 9 and vector[9] > 0.9


def test_noise_reads_as_low_confidence():
    rng = np.random.default_rng(0)
    noise = (0.1 * rng.standard_normal((2, RATE_HZ * 16))).astype(np.float32)
    song = tonal_song(16.0, 9, "minor", RATE_HZ, 100.0, seed=1)
    noisy = analyse(noise, RATE_HZ)
    clear = analyse(song, RATE_HZ)
    assert noisy["bpm_confidence"] < 0.2 < clear["bpm_confidence"]
    assert noisy["key_confidence"] < 0.25 < clear["key_confidence"]
    assert clear["bpm_confidence"] > noisy["bpm_confidence"] + 0.3
    assert clear["key_confidence"] > noisy["key_confidence"] + 0.3


def test_analyse_prefers_the_more_confident_reading_and_handles_silence():
    song = tonal_song(12.0, 7, "major", RATE_HZ, 120.0, seed=2)
    drums = 0.8 * beat_pattern(12.0, RATE_HZ, 120.0, seed=2)
    junk = np.random.default_rng(1).standard_normal(song.shape).astype(np.float32) * 0.05
    with_good_stems = analyse(song, RATE_HZ, percussive=drums, harmonic=song - drums)
    with_junk_stems = analyse(song, RATE_HZ, percussive=junk, harmonic=junk)
    for result in (with_good_stems, with_junk_stems):
        assert abs(result["bpm"] - 120.0) <= BPM_TOLERANCE and result["key"] == "G major"
    assert set(with_good_stems) >= {"bpm", "bpm_confidence", "key", "key_confidence"}
    silent = analyse(np.zeros((2, RATE_HZ * 4), np.float32), RATE_HZ)
    assert silent["bpm"] == 0.0 and silent["key"] == "" and silent["key_confidence"] == 0.0
    with pytest.raises(InvalidInput, match="NaN"):
        analyse(np.full((1, 1000), np.nan, np.float32), RATE_HZ)
