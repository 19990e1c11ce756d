"""Cross-check of our SoundFont reader against FluidSynth: ``python -m training.drums.check_sf2``.

Renders single drum notes (velocity 127, reverb and chorus off) with the FluidSynth program from
Debian (downloaded with ``apt-get download`` and unpacked under ``<kits_dir>/fluidsynth``, run
with its libraries on ``LD_LIBRARY_PATH``; no root) and with :class:`training.drums.sf2.SoundFont`,
and prints per note: waveform correlation (onset-aligned, best of 3 sample lags), RMS-envelope
correlation (10 ms frames), spectral centroids, and the level difference. FluidSynth renders
3 dB below us at the centre (its pan law), so a matching note reads about -3 dB.

A development check, not a test: it needs the archive and FluidSynth's libraries.
"""

from __future__ import annotations

import os
import struct
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

from training.drums.kits import ensure_kits, kits_dir
from training.drums.report import spectral_centroid_hz
from training.drums.sf2 import SoundFont

FLUIDSYNTH_PACKAGES = ("fluidsynth", "libfluidsynth3", "libinstpatch-1.0-2", "libsdl2-2.0-0", "libjack-jackd2-0", "libsamplerate0", "libdecor-0-0")
CASES = (
    ("usr/share/sounds/sf2/FluidR3_GM.sf2", 128, 0, "FluidR3_GM/Standard"),
    ("usr/share/sounds/sf2/FluidR3_GM.sf2", 128, 16, "FluidR3_GM/Power"),
    ("usr/share/sounds/sf3/MuseScore_General_Full.sf3", 128, 0, "MuseScore_General/Standard"),
    ("usr/share/sounds/sf2/Red_Zeppelin_4_LV2.sf2", 0, 0, "AVL/Red Zeppelin"),
)
NOTES = (36, 38, 42, 46, 45, 49, 51)
RATE_HZ = 44100


def fluidsynth() -> tuple[Path, dict[str, str]]:
    """The FluidSynth program unpacked from the archive, and the environment to run it in."""
    folder = kits_dir() / "fluidsynth"
    program = folder / "root/usr/bin/fluidsynth"
    if not program.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["apt-get", "download", *FLUIDSYNTH_PACKAGES], cwd=folder, check=True, capture_output=True)
        for deb in folder.glob("*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(folder / "root")], check=True)
    return program, dict(os.environ, LD_LIBRARY_PATH=str(folder / "root/usr/lib/x86_64-linux-gnu"))


def one_note_midi(channel: int, bank: int, program: int, note: int) -> bytes:
    """A standard MIDI file: bank select, program change, one note of 0.5 s at velocity 127."""
    events = bytes([0, 0xB0 | channel, 0, bank, 0, 0xC0 | channel, program, 0, 0x90 | channel, note, 127])
    events += b"\x83\x60" + bytes([0x80 | channel, note, 0]) + b"\x00\xff\x2f\x00"
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(events)) + events


def _onset(x: np.ndarray) -> int:
    level = np.abs(x).max(axis=0)
    return int(np.argmax(level > 0.05 * level.max()))


def main() -> None:
    root = ensure_kits() / "root"
    program, env = fluidsynth()
    with tempfile.TemporaryDirectory() as tmp:
        for path, bank, preset, label in CASES:
            font = SoundFont(root / path)
            for note in NOTES:
                channel = 9 if bank == 128 else 0
                (Path(tmp) / "n.mid").write_bytes(one_note_midi(channel, 0 if bank == 128 else bank, preset, note))
                command = [str(program), "-ni", "-q", "-R", "0", "-C", "0", "-g", "1.0", "-r", str(RATE_HZ), "-F", f"{tmp}/n.wav", str(root / path), f"{tmp}/n.mid"]
                subprocess.run(command, env=env, check=True, capture_output=True)
                ref, _ = sf.read(f"{tmp}/n.wav", always_2d=True)
                ref = ref.T[:, _onset(ref.T) :]
                ours = font.layers(preset, note, RATE_HZ, bank)[-1].audio
                ours = ours[:, _onset(ours) :]
                n = min(ref.shape[1], ours.shape[1], RATE_HZ // 4)
                a, b = ref[:, :n].mean(axis=0), ours[:, :n].mean(axis=0)
                corr = max(float(np.corrcoef(a[k : n - 4 + k], b[: n - 4])[0, 1]) for k in range(3))
                frames = n // 441
                env_a, env_b = (np.sqrt((x[: frames * 441].reshape(frames, 441) ** 2).mean(axis=1)) for x in (a, b))
                level_db = 10 * np.log10(np.mean(a**2) / np.mean(b**2))
                print(
                    f"{label:28s} note {note}: waveform corr {corr:6.3f}  envelope corr {np.corrcoef(env_a, env_b)[0, 1]:6.3f}  "
                    f"centroid {spectral_centroid_hz(ref[:, :n], RATE_HZ):6.0f} / {spectral_centroid_hz(ours[:, :n], RATE_HZ):6.0f} Hz  "
                    f"level FluidSynth - ours {level_db:+5.1f} dB"
                )


if __name__ == "__main__":
    main()
