"""Real recorded drum kits from the Debian archive as one-shot sample banks, and their split.

Sources (installed by :func:`ensure_kits`, never by the tests):

* ``hydrogen-drumkits``: Hydrogen kits (:mod:`training.drums.hydrogen`), by folder name;
* ``fluid-soundfont-gm`` (``FluidR3_GM.sf2``) and ``musescore-general-soundfont``
  (``MuseScore_General_Full.sf3``): every drum preset of bank 128 is a kit, named
  ``FluidR3_GM/<preset>`` and ``MuseScore_General/<preset>``;
* ``avldrums.lv2-soundfont``: ``AVL/Red Zeppelin`` (train) and ``AVL/Black Pearl`` (held out).

SoundFont keys map to pieces by General MIDI note (:data:`GM_NOTES`): 35/36 kick; 37 side stick,
38/40 snares and 39 hand clap → snare (a clap plays the snare's part in the styles that use it,
and drum-separation stems such as StemGMD's put claps with the snare); 41-50 toms; hi-hats and
cymbals (42/44/46, 49/51/52/53/55/57/59) → cymbals. Other percussion (cowbell, tambourine,
congas …) is left out: it is never loaded, so never rendered.

A bank is cached as ``<dir>/banks/<kit>-<rate>-v<BANK_VERSION>.npz`` (float32), so a second load only reads it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy.signal import butter, resample_poly, sosfilt

from mixdown.errors import InvalidInput, NotFound, Unavailable
from mixdown_separation.drums import DRUM_PIECES
from training.drums import hydrogen
from training.drums.sf2 import SoundFont

__all__ = ["DRUM_PIECES", "GM_NOTES", "KIT_SPLITS", "Hit", "KitBank", "ensure_kits", "kit_names", "load_kit"]

PACKAGES = ("hydrogen-drumkits", "fluid-soundfont-gm", "musescore-general-soundfont", "avldrums.lv2-soundfont")
HYDROGEN_DIR = "usr/share/hydrogen/data/drumkits"
SOUNDFONTS = {
    "FluidR3_GM": ("usr/share/sounds/sf2/FluidR3_GM.sf2", 128),
    "MuseScore_General": ("usr/share/sounds/sf3/MuseScore_General_Full.sf3", 128),
    "AVL": (None, 0),  # one file per kit, bank 0
}
AVL_FILES = {"Red Zeppelin": "usr/share/sounds/sf2/Red_Zeppelin_4_LV2.sf2", "Black Pearl": "usr/share/sounds/sf2/Black_Pearl_4_LV2.sf2"}
LICENCES = {
    "FluidR3_GM": "MIT (FluidR3_GM, Frank Wen; fluid-soundfont-gm)",
    "MuseScore_General": "MIT, parts PD/CC0 (MuseScore_General, S. Christian Collins, from FluidR3Mono; musescore-general-soundfont)",
    "AVL": "GPL-2+ (avldrums.lv2-soundfont)",
    "Audiophob": "CC0", "ElectricEmpireKit": "GPL-2+ (Artemiy Pavlov)", "HardElectro1": "GPL-2+ (Artemiy Pavlov)",
    "VariBreaks": "GPL-2+ (Artemiy Pavlov)", "rumpf_kit_z01_h2": "CC-BY-3.0 (Emanuel Rumpf)",
    "ForzeeStereo": "GPL-2 (Vladimir Sadovnikov, Alexander Belokurov)", "The Black Pearl 1.0": "GPL-2 (Glen MacArthur)",
    "ColomboAcousticDrumkit": "GPL-2+ with composition exception (Marcos Guglielmetti)", "BJA_Pacific": "CC-BY-SA-3.0-us (Luc Tunguay)",
    "Millo-Drums_v.1": "GPL-2 (Emiliano Grilli)", "Millo_MultiLayered2": "GPL-2 (Emiliano Grilli)", "Millo_MultiLayered3": "GPL-2 (Emiliano Grilli)",
}  # fmt: skip
"""Licence per soundfont source or Hydrogen kit, from ``usr/share/doc/<package>/copyright``, for the model card."""


def licence(kit: str) -> str:
    """The licence of kit ``kit`` (``FluidR3_GM/Standard`` → FluidR3_GM's)."""
    return LICENCES.get(kit.split("/", 1)[0], "unknown")

GM_NOTES: dict[int, tuple[str, str]] = {
    35: ("kick", "kick_2"), 36: ("kick", "kick"),
    37: ("snare", "rim"), 38: ("snare", "snare"), 39: ("snare", "clap"), 40: ("snare", "snare_2"),
    41: ("toms", "tom_floor_low"), 43: ("toms", "tom_floor_high"), 45: ("toms", "tom_low"),
    47: ("toms", "tom_low_mid"), 48: ("toms", "tom_high_mid"), 50: ("toms", "tom_high"),
    42: ("cymbals", "hihat_closed"), 44: ("cymbals", "hihat_pedal"), 46: ("cymbals", "hihat_open"),
    49: ("cymbals", "crash"), 51: ("cymbals", "ride"), 52: ("cymbals", "china"), 53: ("cymbals", "ride_bell"),
    55: ("cymbals", "splash"), 57: ("cymbals", "crash_2"), 59: ("cymbals", "ride_2"),
}  # fmt: skip
"""General MIDI drum note → (piece, instrument). An instrument's role is its name without a ``_<n>`` suffix."""

AVL_NOTES: dict[int, tuple[str, str] | None] = {
    48: ("cymbals", "hihat_open_2"), 50: None, 52: None, 58: None, 60: ("cymbals", "china"),
}  # fmt: skip
"""Where AVL's kits depart from GM (from their sample names): 48 a hi-hat swish, 50/52/58 choked
cymbals (not one-shots a groove plays), 60 a Paiste 2002 china."""

_GM = ("Standard", "Standard 1", "Standard 2", "Standard 3", "Standard 4", "Standard 5", "Standard 6", "Standard 7",
       "Room", "Room 1", "Room 2", "Room 3", "Room 4", "Room 5", "Room 6", "Room 7", "Power 1", "Power 2", "Power 3",
       "TR-808", "Jazz", "Jazz 1", "Jazz 2", "Jazz 3", "Jazz 4", "Brush", "Brush 1", "Brush 2")  # fmt: skip
KIT_SPLITS: dict[str, tuple[str, ...]] = {
    "train": (
        "Audiophob", "ElectricEmpireKit", "HardElectro1", "VariBreaks", "rumpf_kit_z01_h2", "AVL/Red Zeppelin",
        *(f"FluidR3_GM/{p}" for p in _GM), *(f"MuseScore_General/{p}" for p in _GM),
    ),
    # Our own held-out kits: an acoustic rock kit and an electronic kit whose kicks, snares and toms
    # no training kit shares (in both soundfonts: MuseScore_General's samples are FluidR3's);
    # their hi-hats and cymbals are the GM set's common ones.
    "validation": ("FluidR3_GM/Power", "MuseScore_General/Power", "FluidR3_GM/Electronic", "MuseScore_General/Electronic"),
    # The kept-out kits: evaluation only.
    "heldout": (
        "ForzeeStereo", "The Black Pearl 1.0", "ColomboAcousticDrumkit", "BJA_Pacific",
        "Millo-Drums_v.1", "Millo_MultiLayered2", "Millo_MultiLayered3", "AVL/Black Pearl",
    ),
}  # fmt: skip
"""Kit names per split. Not used at all: the "Orchestra Kit" presets (GS orchestra set: timpani on
notes 41-53, where GM has toms and cymbals), MuseScore_General's marching presets and metronome,
and the Hydrogen kits "Gimme A Hand 1.0" (hand percussion) and "circAfrique v4" (djembes)."""

BANK_VERSION = 3
"""Part of a cached bank's file name: raise it when the readers change what a bank holds."""
MAX_HIT_SECONDS = 5.0
"""One-shots are cut to this length (a crash rings for longer) with a 100 ms fade-out."""
HIGHPASS_HZ = 20.0
TRIM_DB = -70.0
"""Leading and trailing audio quieter than this relative to the hit's peak is trimmed."""


@dataclass(frozen=True)
class Hit:
    """One velocity layer: ``velocity`` 0..1 is the top of the layer's range; ``audio`` (2, n) float32."""

    velocity: float
    audio: np.ndarray


@dataclass(frozen=True)
class KitBank:
    """piece → instrument → layers (sorted by velocity), at ``sample_rate_hz``."""

    name: str
    sample_rate_hz: int
    pieces: dict[str, dict[str, list[Hit]]]


def kits_dir() -> Path:
    """``MIXDOWN_DRUMKITS_DIR``, default ``~/.cache/mixdown/drumkits``."""
    return Path(os.environ.get("MIXDOWN_DRUMKITS_DIR", Path.home() / ".cache" / "mixdown" / "drumkits"))


def ensure_kits() -> Path:
    """Download and unpack the kit packages not unpacked yet (``apt-get download`` + ``dpkg-deb -x``).

    Needs no root and leaves the system alone: the packages are unpacked under
    ``<kits_dir>/root``. Idempotent: a package whose stamp file exists is skipped. Raises
    :class:`Unavailable` naming the package when the archive cannot be reached.
    """
    folder = kits_dir()
    debs, root = folder / "debs", folder / "root"
    debs.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        stamp = folder / f".{package}.unpacked"
        if stamp.exists():
            continue
        found = sorted(debs.glob(f"{package}_*.deb"))
        if not found:
            result = subprocess.run(["apt-get", "download", package], cwd=debs, capture_output=True, text=True)
            found = sorted(debs.glob(f"{package}_*.deb"))
            if result.returncode != 0 or not found:
                raise Unavailable(
                    f"could not download the Debian package {package} with apt-get download (is the archive reachable, "
                    f"and the package lists fresh: apt-get update?): {result.stderr.strip()[-300:]}"
                )
        result = subprocess.run(["dpkg-deb", "-x", str(found[-1]), str(root)], capture_output=True, text=True)
        if result.returncode != 0:
            raise Unavailable(f"could not unpack {found[-1].name} with dpkg-deb -x: {result.stderr.strip()[-300:]}")
        stamp.touch()
    return folder


def kit_names(split: str) -> tuple[str, ...]:
    """The kits of ``split`` ("train", "validation" or "heldout")."""
    if split not in KIT_SPLITS:
        raise InvalidInput(f"unknown kit split {split!r}; expected one of {sorted(KIT_SPLITS)}")
    return KIT_SPLITS[split]


def role_of(instrument: str) -> str:
    """``kick_2`` → ``kick``: the role an instrument plays in a groove."""
    return re.sub(r"_\d+$", "", instrument)


def load_kit(name: str, sample_rate_hz: int = 44100, root: Path | None = None) -> KitBank:
    """The one-shot bank of kit ``name`` at ``sample_rate_hz``, from the cache or built and cached.

    ``root`` is where the packages were unpacked (default ``<kits_dir>/root``; tests pass a
    folder of their own fixtures).
    """
    cache = kits_dir() / "banks" / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}-{sample_rate_hz}-v{BANK_VERSION}.npz"
    if root is None and cache.is_file():
        return _read_bank(cache, name, sample_rate_hz)
    bank = build_bank(name, sample_rate_hz, root if root is not None else kits_dir() / "root")
    if root is None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        _write_bank(cache, bank)
    return bank


def build_bank(name: str, sample_rate_hz: int, root: Path) -> KitBank:
    """Read kit ``name`` from the unpacked packages under ``root`` and render its one-shots."""
    pieces: dict[str, dict[str, list[Hit]]] = {piece: {} for piece in DRUM_PIECES}
    source, _, preset = name.partition("/")
    if preset:
        if source == "AVL":
            path, bank = root / AVL_FILES.get(preset, "missing"), 0
        elif source in SOUNDFONTS:
            path, bank = root / str(SOUNDFONTS[source][0]), 128
        else:
            raise NotFound(f"unknown kit source {source!r} in {name!r}; expected one of {sorted(SOUNDFONTS)}")
        if not path.is_file():
            raise NotFound(f"kit {name!r} needs {path}; run ensure_kits() (make train-drums does)")
        font = SoundFont(path)
        presets = font.drum_presets(bank)
        program = presets.get(preset, next(iter(presets.values()), None)) if source == "AVL" else presets.get(preset)
        if program is None:
            raise NotFound(f"{path.name} has no drum preset {preset!r}; it has {sorted(presets)}")
        notes = {**GM_NOTES, **AVL_NOTES} if source == "AVL" else GM_NOTES
        for note, mapped in notes.items():
            if mapped is None:
                continue
            piece, instrument = mapped
            hits = [Hit(layer.velocity_high, _tidy(layer.audio, sample_rate_hz)) for layer in font.layers(program, note, sample_rate_hz, bank)]
            hits = [h for h in hits if h.audio.shape[1] > 0]
            if hits:
                pieces[piece][instrument] = hits
    else:
        folder = root / HYDROGEN_DIR / name
        if not folder.is_dir():
            raise NotFound(f"Hydrogen kit {name!r} not found under {root / HYDROGEN_DIR}; run ensure_kits()")
        _, instruments, _ = hydrogen.read_kit(folder)
        for inst in instruments:
            hits = []
            for layer in inst.layers:
                audio, rate_hz = hydrogen.layer_audio(inst, layer)
                hits.append(Hit(layer.velocity_high, _tidy(_resample(audio, rate_hz, sample_rate_hz), sample_rate_hz)))
            hits = [h for h in hits if h.audio.shape[1] > 0]
            if hits:
                slot, n = inst.role, 2
                while slot in pieces[inst.piece]:
                    slot, n = f"{inst.role}_{n}", n + 1
                pieces[inst.piece][slot] = hits
    if not pieces["kick"] or not pieces["snare"]:
        raise InvalidInput(f"kit {name!r} has no kick or no snare that maps to the drum pieces")
    return KitBank(name, sample_rate_hz, pieces)


def _resample(audio: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    if from_hz == to_hz:
        return audio
    ratio = Fraction(to_hz, from_hz)
    return resample_poly(audio, ratio.numerator, ratio.denominator, axis=1)


def _tidy(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """High-pass at :data:`HIGHPASS_HZ` (some samples carry DC or subsonic rumble: up to half of a
    rumpf_kit crash's energy lies below 30 Hz), trim silence before the attack (keeping 1 ms) and
    after the tail; cut to :data:`MAX_HIT_SECONDS`."""
    audio = np.asarray(audio, dtype=np.float64)
    if audio.shape[1] > 0:
        audio = sosfilt(butter(2, HIGHPASS_HZ, btype="highpass", fs=sample_rate_hz, output="sos"), audio, axis=1)
    level = np.max(np.abs(audio), axis=0) if audio.size else np.zeros(0)
    if not level.size or level.max() <= 1e-9:
        return np.zeros((2, 0), np.float32)
    loud = np.flatnonzero(level > level.max() * 10 ** (TRIM_DB / 20))
    start = max(0, loud[0] - int(0.001 * sample_rate_hz))
    end = min(loud[-1] + 1, start + int(MAX_HIT_SECONDS * sample_rate_hz))
    out = audio[:, start:end].copy()
    if loud[-1] + 1 > end:
        fade = min(out.shape[1], int(0.1 * sample_rate_hz))
        out[:, -fade:] *= np.linspace(1.0, 0.0, fade)
    return out.astype(np.float32)


def _write_bank(path: Path, bank: KitBank) -> None:
    index, arrays = [], {}
    for piece, instruments in bank.pieces.items():
        for instrument, hits in instruments.items():
            for hit in hits:
                key = f"a{len(arrays)}"
                arrays[key] = hit.audio
                index.append([piece, instrument, hit.velocity, key])
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")  # concurrent builders never share a file
    np.savez(tmp, index=np.array(json.dumps(index)), **arrays)
    tmp.replace(path)


def _read_bank(path: Path, name: str, sample_rate_hz: int) -> KitBank:
    with np.load(path) as data:
        pieces: dict[str, dict[str, list[Hit]]] = {piece: {} for piece in DRUM_PIECES}
        for piece, instrument, velocity, key in json.loads(str(data["index"])):
            pieces[piece].setdefault(instrument, []).append(Hit(float(velocity), data[key]))
    return KitBank(name, sample_rate_hz, pieces)
