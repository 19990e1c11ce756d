"""Golden renders: the example song's mix and master keep their exact bits.

The hashes were recorded from the code before the vocabulary was unified (parameter tables,
measurements and stage contracts each declared once); a refactor that changes a single bit of
either render fails here. A change that is meant to alter audio records new hashes and says
why in its commit.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from mixdown.events.targets import DeliveryTargets
from mixdown_dev.examples import beat, vocal_like
from mixdown_mastering.core import master
from mixdown_mixing.core import Track, mix

RATE_HZ = 44100
SECONDS = 10.0

# (preset, bpm given or None for detection) → (sha256 of the mix, sha256 of the master), over
# the float32 samples as rendered.
GOLDEN = {
    ("modern_clean", None): (
        "1e7e56eba22d9c49cd49746d5e53e1941937262da8d788eee8888c85c6b475b9",
        "545d6b6c03f12d8f7e38a64f3293755b87ac06d4a5e4c59f9d792acd4e498c58",
    ),
    ("trap_aggressive", 140.0): (
        "93cc041582b2834d4faa4142d19dda8e630c92af930073be011d2c7d0f3e006a",
        "bb94549a0c79a884d38d650abf07e057a11177248b6a3ddbcc1e443892b616c5",
    ),
}


def _digest(audio: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(audio, dtype=np.float32).tobytes()).hexdigest()


@pytest.fixture(scope="module")
def song() -> list[Track]:
    return [
        Track("vocal", "lead_vocal", vocal_like(SECONDS, RATE_HZ, seed=7)),
        Track("double", "double", vocal_like(SECONDS, RATE_HZ, seed=8) * np.float32(0.6)),
        Track("beat", "instrumental", beat(SECONDS, RATE_HZ, seed=3)),
    ]


@pytest.mark.parametrize(("preset", "bpm"), list(GOLDEN))
def test_example_song_renders_bit_identical(song, preset, bpm):
    mixed = mix(song, RATE_HZ, preset=preset, bpm=bpm)
    mastered = master(mixed.audio, RATE_HZ, DeliveryTargets(target_lufs=-14.0, ceiling_dbtp=-1.0), preset=preset)
    assert (_digest(mixed.audio), _digest(mastered.audio)) == GOLDEN[(preset, bpm)]
