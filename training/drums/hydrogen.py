"""Hydrogen drum kits (``drumkit.xml`` + sample files): instruments, velocity layers, names → pieces.

Three generations of the format are read: layers under ``<instrument>`` (``<layer>`` with
``<filename>``, ``<min>``/``<max>`` velocity 0..1, ``<gain>``), layers under
``<instrumentComponent>`` (Hydrogen ≥ 0.9.7), and the oldest single ``<filename>`` directly in
the instrument. An instrument's level is ``volume × gain × layer gain``; its ``pan_L``/``pan_R``
are per-channel gains.

Instrument names map to the four pieces by keywords (:func:`piece_of`): kick / bd / bass drum →
kick; snare / sd / rim / stick / clap → snare; tom → toms; hh / hat / ride / crash / cymbal /
china / splash → cymbals. A roll sample ("Snare Roll"), hand percussion, effects and unnamed
slots are not mapped (:func:`read_kit` reports them) and never rendered.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from mixdown.errors import InvalidInput


@dataclass(frozen=True)
class HydrogenLayer:
    """One sample of one instrument: velocity range 0..1, linear gain, file."""

    velocity_low: float
    velocity_high: float
    gain: float
    path: Path


@dataclass(frozen=True)
class HydrogenInstrument:
    name: str
    piece: str
    role: str
    pan: tuple[float, float]
    layers: tuple[HydrogenLayer, ...]


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z]+", name.lower())


def piece_of(name: str) -> tuple[str, str] | None:
    """(piece, role) for a Hydrogen instrument name, or None when it is not one of the four pieces.

    Roles are the renderer's vocabulary: ``kick``, ``snare``, ``rim``, ``clap``, ``tom_high`` …
    ``tom_floor_low``, ``hihat_closed`` / ``hihat_open`` / ``hihat_pedal``, ``ride``,
    ``ride_bell``, ``crash``, ``china``, ``splash``.
    """
    words = _words(name)
    text = " ".join(words)
    has = set(words).__contains__
    if any(has(w) for w in ("roll", "conga", "cowbell", "tambourine", "agogo", "djembe", "bongo", "cajon", "clave")):
        return None
    if has("kick") or has("bd") or has("bassdrum") or "bass drum" in text:
        return "kick", "kick"
    if has("hh") or has("ohh") or has("hat") or has("hihat") or "hi hat" in text:
        if has("open") or has("op") or has("opened") or has("ohh") or has("semiopen") or has("free"):
            return "cymbals", "hihat_open"
        if has("pedal") or has("pd") or has("foot"):
            return "cymbals", "hihat_pedal"
        return "cymbals", "hihat_closed"
    if has("ride") or has("bell"):
        return "cymbals", "ride_bell" if (has("bell") or has("cup")) else "ride"
    for word in ("china", "splash", "crash"):
        if has(word):
            return "cymbals", word
    if has("cymbal"):
        return "cymbals", "crash"
    tom = next((w for w in words if w.startswith("tom")), None)
    if tom is not None:
        if tom.startswith("tomhi"):
            return "toms", "tom_high"
        if has("floor"):
            return "toms", "tom_floor_low"
        if has("low") or has("lo"):
            return "toms", "tom_low"
        if has("mid") or has("middle"):
            return "toms", "tom_high_mid"
        if has("hi") or has("high"):
            return "toms", "tom_high"
        return "toms", "tom_low_mid"
    if has("clap"):
        return "snare", "clap"
    if has("rim") or has("stick") or has("rimshot"):
        return "snare", "rim"
    if has("snare") or has("sd"):
        return "snare", "snare"
    return None


def _text(element: ET.Element, tag: str, default: str = "") -> str:
    found = element.find(tag)
    return found.text.strip() if found is not None and found.text else default


def _strip_namespaces(root: ET.Element) -> None:
    for element in root.iter():
        if "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]


def read_kit(folder: Path) -> tuple[str, list[HydrogenInstrument], list[str]]:
    """(kit name, mapped instruments, names of the instruments not mapped) of a Hydrogen kit folder."""
    xml_path = Path(folder) / "drumkit.xml"
    if not xml_path.is_file():
        raise InvalidInput(f"{folder} has no drumkit.xml")
    root = ET.parse(xml_path).getroot()
    _strip_namespaces(root)
    mapped: list[HydrogenInstrument] = []
    unmapped: list[str] = []
    for inst in root.iter("instrument"):
        name = _text(inst, "name")
        layer_elements = inst.findall("layer") + inst.findall("instrumentComponent/layer")
        volume = float(_text(inst, "volume", "1")) * float(_text(inst, "gain", "1"))
        layers = []
        for layer in layer_elements:
            path = Path(folder) / _text(layer, "filename")
            if path.is_file():
                layers.append(
                    HydrogenLayer(float(_text(layer, "min", "0")), float(_text(layer, "max", "1")), volume * float(_text(layer, "gain", "1")), path)
                )
        single = _text(inst, "filename")
        if not layer_elements and single and (Path(folder) / single).is_file():
            layers.append(HydrogenLayer(0.0, 1.0, volume, Path(folder) / single))
        if not layers:
            if name:
                unmapped.append(name)
            continue
        mapping = piece_of(name)
        if mapping is None:
            unmapped.append(name)
            continue
        pan = (float(_text(inst, "pan_L", "1")), float(_text(inst, "pan_R", "1")))
        mapped.append(HydrogenInstrument(name, mapping[0], mapping[1], pan, tuple(sorted(layers, key=lambda x: x.velocity_high))))
    return _text(root, "name", Path(folder).name), mapped, unmapped


def layer_audio(instrument: HydrogenInstrument, layer: HydrogenLayer) -> tuple[np.ndarray, int]:
    """(audio (2, n) float64 with the instrument's pan and gains applied, its sample rate in Hz)."""
    audio, rate_hz = sf.read(str(layer.path), dtype="float64", always_2d=True)
    audio = audio.T
    if audio.shape[0] == 1:
        audio = np.repeat(audio, 2, axis=0)
    audio = audio[:2] * np.asarray(instrument.pan)[:, None] * layer.gain
    return audio, rate_hz
