"""Tiny drum kits the tests write themselves: a SoundFont 2 file and a Hydrogen kit with FLAC layers."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import soundfile as sf

from training.drums.sf2 import INSTRUMENT, KEY_RANGE, SAMPLE_ID, VEL_RANGE


def decaying_sine(frequency_hz: float, seconds: float, sample_rate_hz: int, peak: float = 0.8, silence_ms: float = 0.0) -> np.ndarray:
    """A sine with an exponential decay (a drum-like one-shot), after ``silence_ms`` of silence."""
    t = np.arange(int(seconds * sample_rate_hz)) / sample_rate_hz
    x = peak * np.sin(2 * np.pi * frequency_hz * t) * np.exp(-t / (seconds / 5))
    return np.concatenate([np.zeros(int(silence_ms * sample_rate_hz / 1000)), x])


def _chunk(cid: bytes, body: bytes) -> bytes:
    return cid + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")


def _list(kind: bytes, *chunks: bytes) -> bytes:
    return _chunk(b"LIST", kind + b"".join(chunks))


def _name(text: str) -> bytes:
    return text.encode("latin-1")[:19].ljust(20, b"\0")


def write_sf2(path: Path, samples: list[tuple[str, np.ndarray, int, int]], zones: list[dict[int, int]], preset: str, bank: int = 128, program: int = 0) -> Path:
    """One preset → one instrument with ``zones`` (generator → amount; ``SAMPLE_ID`` indexes ``samples``).

    ``samples``: (name, float samples in -1..1, rate in Hz, original MIDI key), stored as 16-bit PCM.
    """
    smpl, shdr, position = b"", b"", 0
    for name, audio, rate_hz, key in samples:
        pcm = np.round(np.clip(audio, -1, 1) * 32767).astype("<i2")
        smpl += pcm.tobytes() + bytes(2 * 46)  # 46 zero points follow each sample (SF2 7.10)
        shdr += _name(name) + struct.pack("<IIIIIBbHH", position, position + len(pcm), position, position + len(pcm), rate_hz, key, 0, 0, 1)
        position += len(pcm) + 46
    shdr += _name("EOS") + bytes(26)
    igen, ibag = b"", b""
    count = 0
    for zone in zones:
        ibag += struct.pack("<HH", count, 0)
        ordered = [(op, zone[op]) for op in (KEY_RANGE, VEL_RANGE) if op in zone]
        ordered += [(op, a) for op, a in zone.items() if op not in (KEY_RANGE, VEL_RANGE, SAMPLE_ID)] + [(SAMPLE_ID, zone[SAMPLE_ID])]
        for op, amount in ordered:
            igen += struct.pack("<Hh" if amount < 0 else "<HH", op, amount)
            count += 1
    ibag += struct.pack("<HH", count, 0)
    igen += bytes(4)
    pdta = _list(
        b"pdta",
        _chunk(b"phdr", _name(preset) + struct.pack("<HHHIII", program, bank, 0, 0, 0, 0) + _name("EOP") + struct.pack("<HHHIII", 0, 0, 1, 0, 0, 0)),
        _chunk(b"pbag", struct.pack("<HH", 0, 0) + struct.pack("<HH", 1, 0)),
        _chunk(b"pmod", bytes(10)),
        _chunk(b"pgen", struct.pack("<HH", INSTRUMENT, 0) + bytes(4)),
        _chunk(b"inst", _name("Tiny Instrument") + struct.pack("<H", 0) + _name("EOI") + struct.pack("<H", len(zones))),
        _chunk(b"ibag", ibag),
        _chunk(b"imod", bytes(10)),
        _chunk(b"igen", igen),
        _chunk(b"shdr", shdr),
    )
    info = _list(b"INFO", _chunk(b"ifil", struct.pack("<HH", 2, 1)), _chunk(b"INAM", b"Tiny\0\0"))
    body = b"sfbk" + info + _list(b"sdta", _chunk(b"smpl", smpl)) + pdta
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


HYDROGEN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<drumkit_info xmlns="http://www.hydrogen-music.org/drumkit">
 <name>{name}</name>
 <license>CC0</license>
 <instrumentList>
{instruments}
 </instrumentList>
</drumkit_info>
"""


def write_hydrogen_kit(folder: Path, instruments: dict[str, list[tuple[float, float, float, np.ndarray]]], sample_rate_hz: int) -> Path:
    """A Hydrogen kit: instrument name → layers (min velocity, max velocity, gain, mono audio) as FLAC files."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for i, (name, layers) in enumerate(instruments.items()):
        layer_xml = []
        for j, (low, high, gain, audio) in enumerate(layers):
            filename = f"inst{i}_layer{j}.flac"
            sf.write(folder / filename, audio, sample_rate_hz, subtype="PCM_24")
            layer_xml.append(f"   <layer><filename>{filename}</filename><min>{low}</min><max>{high}</max><gain>{gain}</gain><pitch>0</pitch></layer>")
        parts.append(
            f"  <instrument><id>{i}</id><name>{name}</name><volume>1</volume><pan_L>1</pan_L><pan_R>1</pan_R><gain>1</gain>\n"
            + "\n".join(layer_xml)
            + "\n  </instrument>"
        )
    (folder / "drumkit.xml").write_text(HYDROGEN_XML.format(name=folder.name, instruments="\n".join(parts)))
    return folder
