"""Kit readers on tiny kits the tests write (no Debian package needed), the bank cache and the split."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mixdown.errors import InvalidInput, Unavailable
from tests.unit.training.drums.fixtures import decaying_sine, write_hydrogen_kit, write_sf2
from training.drums import hydrogen, kits
from training.drums.kits import GM_NOTES, HYDROGEN_DIR, KIT_SPLITS, build_bank, kit_names, licence, load_kit
from training.drums.sf2 import (
    ATTENUATION,
    ATTENUATION_SCALE,
    FILTER_FC,
    FILTER_Q,
    KEY_RANGE,
    PAN,
    ROOT_KEY,
    SAMPLE_ID,
    VEL_RANGE,
    SoundFont,
)

RATE_HZ = 44100


def _peak_frequency_hz(x: np.ndarray, sample_rate_hz: int) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(spectrum) * sample_rate_hz / len(x))


@pytest.fixture
def tiny_sf2(tmp_path: Path) -> Path:
    samples = [
        ("kick", decaying_sine(60, 0.4, 22050), 22050, 36),
        ("snare loud", decaying_sine(200, 0.3, 22050, peak=0.9), 22050, 38),
        ("snare soft", decaying_sine(200, 0.3, 22050, peak=0.3), 22050, 38),
        ("hat", decaying_sine(1000, 0.2, 22050), 22050, 42),
        ("cowbell", decaying_sine(800, 0.2, 22050), 22050, 56),
        ("noise", np.random.default_rng(0).uniform(-0.5, 0.5, 22050), 22050, 44),
    ]
    zones = [
        {KEY_RANGE: 36 | 36 << 8, ATTENUATION: 60, SAMPLE_ID: 0},  # 6 dB down
        {KEY_RANGE: 38 | 38 << 8, VEL_RANGE: 0 | 63 << 8, SAMPLE_ID: 2},
        {KEY_RANGE: 38 | 38 << 8, VEL_RANGE: 64 | 127 << 8, SAMPLE_ID: 1},
        {KEY_RANGE: 42 | 42 << 8, ROOT_KEY: 30, SAMPLE_ID: 3},  # played an octave above its root
        {KEY_RANGE: 40 | 40 << 8, PAN: -500, SAMPLE_ID: 1},  # hard left
        {KEY_RANGE: 56 | 56 << 8, SAMPLE_ID: 4},
        {KEY_RANGE: 44 | 44 << 8, FILTER_FC: 9500, FILTER_Q: 120, SAMPLE_ID: 5},  # 1.95 kHz, 12 dB resonance
    ]
    return write_sf2(tmp_path / "root" / "usr/share/sounds/sf2/FluidR3_GM.sf2", samples, zones, "Tiny Kit")


def test_sf2_reader_applies_attenuation_layers_pitch_and_pan(tiny_sf2: Path) -> None:
    font = SoundFont(tiny_sf2)
    assert font.drum_presets() == {"Tiny Kit": 0}
    (kick,) = font.layers(0, 36, RATE_HZ)
    assert kick.audio.shape[0] == 2 and kick.audio.dtype == np.float32
    assert abs(kick.audio.shape[1] - 0.4 * RATE_HZ) <= 2  # resampled 22.05 → 44.1 kHz
    # 60 cB of attenuation (× 0.4, as FluidSynth), then a centred constant-power pan (−3 dB per channel)
    source_peak = np.max(np.abs(decaying_sine(60, 0.4, 22050)))
    expected = source_peak * 10 ** (-ATTENUATION_SCALE * 60 / 200) * np.cos(np.pi / 4)
    assert np.max(np.abs(kick.audio[0])) == pytest.approx(expected, rel=0.02)
    soft, loud = font.layers(0, 38, RATE_HZ)
    assert (soft.velocity_low, soft.velocity_high) == (0.0, pytest.approx(63 / 127))
    assert np.max(np.abs(loud.audio)) == pytest.approx(3 * np.max(np.abs(soft.audio)), rel=0.02)
    (hat,) = font.layers(0, 42, RATE_HZ)
    assert _peak_frequency_hz(hat.audio[0], RATE_HZ) == pytest.approx(2 ** (12 / 12) * 1000, rel=0.01)
    assert abs(hat.audio.shape[1] - 0.1 * RATE_HZ) <= 2  # twice as fast, half as long
    (left,) = font.layers(0, 40, RATE_HZ)
    assert np.max(np.abs(left.audio[1])) < 1e-6 * np.max(np.abs(left.audio[0]))
    assert font.layers(0, 60, RATE_HZ) == []


def test_sf2_filter_is_a_resonant_low_pass_at_its_cutoff(tiny_sf2: Path) -> None:
    (layer,) = SoundFont(tiny_sf2).layers(0, 44, RATE_HZ)
    spectrum = np.abs(np.fft.rfft(layer.audio[0])) ** 2
    freqs = np.fft.rfftfreq(layer.audio.shape[1], 1 / RATE_HZ)

    def band_db(f_hz: float) -> float:
        return float(10 * np.log10(np.mean(spectrum[(freqs > 0.9 * f_hz) & (freqs < 1.1 * f_hz)])))

    cutoff_hz = 8.176 * 2 ** (9500 / 1200)
    assert band_db(cutoff_hz) - band_db(300) == pytest.approx(12 - 3.01, abs=1.5)  # the resonance peak
    assert band_db(4 * cutoff_hz) - band_db(300) < -20  # 12 dB per octave above it


def test_a_soundfont_kit_maps_gm_notes_to_pieces_and_leaves_other_percussion_out(tiny_sf2: Path) -> None:
    bank = build_bank("FluidR3_GM/Tiny Kit", RATE_HZ, tiny_sf2.parents[4])
    assert set(bank.pieces) == {"kick", "snare", "toms", "cymbals"}
    assert set(bank.pieces["kick"]) == {"kick"}
    assert set(bank.pieces["snare"]) == {"snare", "snare_2"}  # 38 and 40
    assert [h.velocity for h in bank.pieces["snare"]["snare"]] == pytest.approx([63 / 127, 1.0])
    assert set(bank.pieces["cymbals"]) == {"hihat_closed", "hihat_pedal"}
    assert bank.pieces["toms"] == {}
    everything = [h.audio for piece in bank.pieces.values() for layers in piece.values() for h in layers]
    assert all(_peak_frequency_hz(a[0], RATE_HZ) != pytest.approx(800, rel=0.02) for a in everything)  # no cowbell


def test_gm_mapping_follows_the_issue() -> None:
    pieces = {note: piece for note, (piece, _) in GM_NOTES.items()}
    assert {n for n, p in pieces.items() if p == "kick"} == {35, 36}
    assert {n for n, p in pieces.items() if p == "snare"} == {37, 38, 39, 40}
    assert {n for n, p in pieces.items() if p == "toms"} == {41, 43, 45, 47, 48, 50}
    assert {n for n, p in pieces.items() if p == "cymbals"} == {42, 44, 46, 49, 51, 52, 53, 55, 57, 59}
    assert not {54, 56, 60, 61, 62, 63, 64} & set(GM_NOTES)  # tambourine, cowbell, bongos, congas …


def _hydrogen_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    write_hydrogen_kit(
        root / HYDROGEN_DIR / "TinyKit",
        {
            "Kick Hard": [(0.0, 0.5, 0.5, decaying_sine(55, 0.3, 48000, silence_ms=20)), (0.5, 1.0, 1.0, decaying_sine(55, 0.3, 48000))],
            "Snare Rock": [(0.0, 1.0, 1.0, decaying_sine(220, 0.2, 48000))],
            "Tom Hi": [(0.0, 1.0, 1.0, decaying_sine(180, 0.3, 48000))],
            "Closed HH": [(0.0, 1.0, 1.0, decaying_sine(7000, 0.1, 48000))],
            "Cowbell": [(0.0, 1.0, 1.0, decaying_sine(800, 0.2, 48000))],
        },
        48000,
    )
    return root


def test_hydrogen_reader_maps_names_and_reads_velocity_layers(tmp_path: Path) -> None:
    root = _hydrogen_root(tmp_path)
    name, mapped, unmapped = hydrogen.read_kit(root / HYDROGEN_DIR / "TinyKit")
    assert name == "TinyKit" and unmapped == ["Cowbell"]
    assert {i.name: (i.piece, i.role) for i in mapped} == {
        "Kick Hard": ("kick", "kick"), "Snare Rock": ("snare", "snare"), "Tom Hi": ("toms", "tom_high"), "Closed HH": ("cymbals", "hihat_closed"),
    }  # fmt: skip
    bank = build_bank("TinyKit", RATE_HZ, root)
    soft, hard = bank.pieces["kick"]["kick"]
    assert (soft.velocity, hard.velocity) == (0.5, 1.0)
    assert np.max(np.abs(soft.audio)) == pytest.approx(0.5 * np.max(np.abs(hard.audio)), rel=0.02)  # layer gain
    # 20 ms of silence before the soft layer's attack is trimmed to 1 ms; 48 → 44.1 kHz
    assert np.argmax(np.abs(soft.audio[0]) > 0.01) <= int(0.0015 * RATE_HZ)
    assert abs(hard.audio.shape[1] - 0.3 * RATE_HZ) < 0.01 * RATE_HZ


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kick (Tama Superstar 22\")", ("kick", "kick")), ("BassDrum", ("kick", "kick")), ("c3 - bass drum 1", ("kick", "kick")),
        ("Pearl Side Stick", ("snare", "rim")), ("Hand Clap", ("snare", "clap")), ("Snare Roll", None),
        ("Floor Tom", ("toms", "tom_floor_low")), ("VariBreaks Hat 1 Pd", ("cymbals", "hihat_pedal")),
        ("Hi-Hat Open (Paiste)", ("cymbals", "hihat_open")), ("Ride Bell", ("cymbals", "ride_bell")),
        ("China (Paiste Alpha 18\")", ("cymbals", "china")), ("Tambourine (Pearl PTM-10GH)", None), ("Cowbell", None), ("27", None),
    ],
)  # fmt: skip
def test_hydrogen_instrument_names(name: str, expected: tuple[str, str] | None) -> None:
    assert hydrogen.piece_of(name) == expected


def test_banks_are_cached_and_read_back_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _hydrogen_root(tmp_path)
    monkeypatch.setenv("MIXDOWN_DRUMKITS_DIR", str(tmp_path))
    first = load_kit("TinyKit", RATE_HZ)
    assert (tmp_path / "banks" / f"TinyKit-{RATE_HZ}-v{kits.BANK_VERSION}.npz").is_file()
    second = load_kit("TinyKit", RATE_HZ)
    for piece, instruments in first.pieces.items():
        for instrument, hits in instruments.items():
            again = second.pieces[piece][instrument]
            assert [h.velocity for h in hits] == [h.velocity for h in again]
            assert all(np.array_equal(a.audio, b.audio) for a, b in zip(hits, again, strict=True))


def test_ensure_kits_skips_unpacked_packages_and_names_a_package_it_cannot_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIXDOWN_DRUMKITS_DIR", str(tmp_path))
    calls: list[list[str]] = []

    def failing_run(args: list[str], **_: object) -> subprocess.CompletedProcess:
        calls.append(args)
        return subprocess.CompletedProcess(args, 100, "", "E: Unable to locate package")

    monkeypatch.setattr(kits.subprocess, "run", failing_run)
    for package in kits.PACKAGES[:-1]:
        (tmp_path / f".{package}.unpacked").touch()
    with pytest.raises(Unavailable, match="avldrums.lv2-soundfont"):
        kits.ensure_kits()
    assert calls == [["apt-get", "download", "avldrums.lv2-soundfont"]]
    (tmp_path / ".avldrums.lv2-soundfont.unpacked").touch()
    assert kits.ensure_kits() == tmp_path and len(calls) == 1


def test_no_held_out_kit_is_trained_on_or_used_for_validation() -> None:
    heldout = set(kit_names("heldout"))
    assert {"ForzeeStereo", "The Black Pearl 1.0", "ColomboAcousticDrumkit", "BJA_Pacific", "AVL/Black Pearl"} <= heldout
    assert {"Millo-Drums_v.1", "Millo_MultiLayered2", "Millo_MultiLayered3"} <= heldout
    used = set(kit_names("train")) | set(kit_names("validation"))
    assert not used & heldout
    assert not any(name.startswith("Millo") or "Black Pearl" in name or "Forzee" in name for name in used)
    assert not set(kit_names("train")) & set(kit_names("validation"))
    assert len(set(KIT_SPLITS["train"])) == len(KIT_SPLITS["train"])
    with pytest.raises(InvalidInput, match="unknown kit split"):
        kit_names("test")


def test_every_kit_has_a_recorded_licence() -> None:
    for split in KIT_SPLITS:
        for name in kit_names(split):
            assert licence(name) != "unknown", name


def test_the_oldest_hydrogen_format_with_one_file_per_instrument(tmp_path: Path) -> None:
    folder = tmp_path / "OldKit"
    folder.mkdir()
    sf.write(folder / "bd.flac", decaying_sine(50, 0.2, 44100), 44100)
    sf.write(folder / "sn.flac", decaying_sine(200, 0.2, 44100), 44100)
    (folder / "drumkit.xml").write_text(
        "<drumkit_info><name>OldKit</name><instrumentList>"
        "<instrument><id>0</id><name>c3 - bass drum 1</name><filename>bd.flac</filename><volume>0.5</volume></instrument>"
        "<instrument><id>1</id><name>d3 - snare 1</name><filename>sn.flac</filename><volume>1</volume></instrument>"
        "<instrument><id>2</id><name>f#4 - </name><filename>missing.flac</filename></instrument>"
        "</instrumentList></drumkit_info>"
    )
    name, mapped, unmapped = hydrogen.read_kit(folder)
    assert name == "OldKit" and [i.role for i in mapped] == ["kick", "snare"] and unmapped == ["f#4 -"]
    kick, snare = (hydrogen.layer_audio(i, i.layers[0])[0] for i in mapped)
    assert np.max(np.abs(kick)) == pytest.approx(0.5 * np.max(np.abs(snare)) * np.max(np.abs(decaying_sine(50, 0.2, 44100))) / np.max(np.abs(decaying_sine(200, 0.2, 44100))), rel=0.01)
