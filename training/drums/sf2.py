"""A small SoundFont 2 (and MuseScore SF3) reader for drum kits: one-shots, not a synthesiser.

Why our own reader and not FluidSynth: a drum hit is a one-shot, so what a synthesiser would do
to it reduces to a few generators of the zone that plays it, which this module applies itself:

* the sample (16-bit PCM in ``smpl``; in SF3 each sample is its own Ogg Vorbis stream, which
  libsndfile decodes), cut at its start/end offsets;
* its pitch: ``scaleTuning * (key - rootKey) + coarseTune + fineTune + pitchCorrection`` cents,
  applied by resampling (the rootKey from ``overridingRootKey`` when set);
* its level: ``initialAttenuation`` (centibels) and pan (0.1 % units, constant power);
* the volume envelope's attack, hold and decay to the sustain level (timecents, centibels); the
  key is never released (drum notes are short and SoundFonts give drums long releases), so a
  non-looped sample plays to its end; a looped one is looped to :data:`LOOP_SECONDS` and faded
  out over its release time;
* ``initialFilterFc`` / ``initialFilterQ`` as FluidSynth's resonant 2-pole low-pass, with its
  gain compensation of 1/sqrt(Q) (FluidR3's "Hi Hats Treb" rings at 20 kHz with 10 dB of Q).

Ignored: modulators (velocity layering is kept as separate :class:`Layer` objects and velocity
is applied by the renderer), the modulation envelope, LFOs, chorus and reverb sends.
Preset-level generators add to the instrument's (ranges intersect), global zones provide
defaults, as the SoundFont 2.04 specification says (sections 7 and 9.4).
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import lfilter, resample_poly

from mixdown.errors import InvalidInput

LOOP_SECONDS = 3.0
"""How long a looped drum sample is played before its release."""

# Generator numbers (SoundFont 2.04, section 8.1.2).
START_OFFSET, END_OFFSET, START_COARSE, END_COARSE = 0, 1, 4, 12
FILTER_FC, FILTER_Q, PAN = 8, 9, 17
ATTACK, HOLD, DECAY, SUSTAIN, RELEASE = 34, 35, 36, 37, 38
INSTRUMENT, KEY_RANGE, VEL_RANGE, ATTENUATION = 41, 43, 44, 48
COARSE_TUNE, FINE_TUNE, SAMPLE_ID, SAMPLE_MODES, SCALE_TUNING, ROOT_KEY = 51, 52, 53, 54, 56, 58
RANGES = (KEY_RANGE, VEL_RANGE)
DEFAULTS = {FILTER_FC: 13500, ATTACK: -12000, HOLD: -12000, DECAY: -12000, RELEASE: -12000, SCALE_TUNING: 100, ROOT_KEY: -1}
VORBIS_FLAG = 0x10
ATTENUATION_SCALE = 0.4
"""FluidSynth (and so what FluidR3_GM and MuseScore_General were voiced on) scales initialAttenuation by 0.4, as EMU10K1 cards did."""


@dataclass(frozen=True)
class Layer:
    """One velocity layer of one key: ``audio`` (2, n) float32 at ``sample_rate_hz``; velocities 0..1."""

    velocity_low: float
    velocity_high: float
    audio: np.ndarray


@dataclass(frozen=True)
class _Sample:
    name: str
    start: int
    end: int
    loop_start: int
    loop_end: int
    rate_hz: int
    root_key: int
    correction_cents: int
    kind: int


class SoundFont:
    """A parsed SoundFont: its drum presets (bank 128) and the means to render one key of one."""

    def __init__(self, path: Path):
        self.path = Path(path)
        data = self.path.read_bytes()
        if data[:4] != b"RIFF" or data[8:12] != b"sfbk":
            raise InvalidInput(f"{self.path} is not a SoundFont (no RIFF sfbk header)")
        chunks = _chunks(data, 12, len(data))
        self._smpl = chunks.get("smpl", b"")
        pdta = {k: chunks[k] for k in ("phdr", "pbag", "pgen", "inst", "ibag", "igen", "shdr") if k in chunks}
        if len(pdta) < 7:
            raise InvalidInput(f"{self.path}: missing SoundFont chunks {sorted({'phdr', 'pbag', 'pgen', 'inst', 'ibag', 'igen', 'shdr'} - set(pdta))}")
        self._presets = _records(pdta["phdr"], "<20sHHHIII")[:-1]  # the last record is the terminal EOP
        self._pbag = _records(pdta["pbag"], "<HH")
        self._pgen = [(op, amount) for op, amount in _records(pdta["pgen"], "<HH")]
        self._inst = _records(pdta["inst"], "<20sH")
        self._ibag = _records(pdta["ibag"], "<HH")
        self._igen = [(op, amount) for op, amount in _records(pdta["igen"], "<HH")]
        self._samples = [
            _Sample(_name(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[9])
            for r in _records(pdta["shdr"], "<20sIIIIIBbHH")
        ]
        self._decoded: dict[int, tuple[np.ndarray, int]] = {}

    def drum_presets(self, bank: int = 128) -> dict[str, int]:
        """Presets of ``bank`` (128, the GM drum bank; AVL's kits sit in bank 0): name → program number."""
        return {_name(p[0]): p[1] for p in self._presets if p[2] == bank}

    def _zones(self, bags: list, gens: list, first: int, last: int, terminal: int) -> list[dict[int, int]]:
        """Generators of each zone between two bag indexes; a leading zone without ``terminal`` is global."""
        zones = [dict(gens[bags[i][0] : bags[i + 1][0]]) for i in range(first, last)]
        if zones and terminal not in zones[0]:
            glob, zones = zones[0], zones[1:]
            zones = [{**glob, **z} for z in zones]
        return [z for z in zones if terminal in z]

    def layers(self, program: int, key: int, sample_rate_hz: int, bank: int = 128) -> list[Layer]:
        """Every velocity layer that ``key`` of preset ``bank:program`` plays, rendered at ``sample_rate_hz``."""
        index = next((i for i, p in enumerate(self._presets) if p[2] == bank and p[1] == program), None)
        if index is None:
            raise InvalidInput(f"{self.path.name} has no preset {bank}:{program}")
        preset = self._presets[index]
        bag_end = self._next_bag(self._presets, index, 3, len(self._pbag) - 1)
        by_range: dict[tuple[int, int], list[np.ndarray]] = {}
        for pzone in self._zones(self._pbag, self._pgen, preset[3], bag_end, INSTRUMENT):
            if not _in_range(pzone.get(KEY_RANGE), key):
                continue
            inst = pzone[INSTRUMENT]
            iend = self._next_bag(self._inst, inst, 1, len(self._ibag) - 1)
            for izone in self._zones(self._ibag, self._igen, self._inst[inst][1], iend, SAMPLE_ID):
                if not _in_range(izone.get(KEY_RANGE), key):
                    continue
                vel = _intersect(izone.get(VEL_RANGE), pzone.get(VEL_RANGE))
                if vel is None:
                    continue
                audio = self._render_zone(izone, pzone, key, sample_rate_hz)
                if audio is not None:
                    by_range.setdefault(vel, []).append(audio)
        layers = []
        for (low, high), parts in sorted(by_range.items()):
            n = max(p.shape[1] for p in parts)
            mix = np.zeros((2, n), np.float32)
            for p in parts:  # a stereo pair arrives as a left-panned and a right-panned zone
                mix[:, : p.shape[1]] += p
            layers.append(Layer(low / 127.0, high / 127.0, mix))
        return layers

    @staticmethod
    def _next_bag(records: list, index: int, field: int, default: int) -> int:
        return records[index + 1][field] if index + 1 < len(records) else default

    def _sample_audio(self, sample_id: int) -> tuple[np.ndarray, int]:
        """(mono float32 samples, offset of the sample's start in its own frame numbering)."""
        if sample_id not in self._decoded:
            s = self._samples[sample_id]
            if s.kind & VORBIS_FLAG:  # SF3: start/end are byte offsets of an Ogg Vorbis stream
                audio, _ = sf.read(io.BytesIO(self._smpl[s.start : s.end]), dtype="float32", always_2d=True)
                self._decoded[sample_id] = (audio[:, 0].copy(), 0)
            else:
                pcm = np.frombuffer(self._smpl, dtype="<i2", count=s.end - s.start, offset=2 * s.start)
                self._decoded[sample_id] = (pcm.astype(np.float32) / 32768.0, s.start)
        return self._decoded[sample_id]

    def _render_zone(self, izone: dict[int, int], pzone: dict[int, int], key: int, sample_rate_hz: int) -> np.ndarray | None:
        def gen(op: int) -> int:  # instrument value (or default) plus the preset's offset, as signed 16-bit
            value = _signed(izone[op]) if op in izone else DEFAULTS.get(op, 0)
            return value + (_signed(pzone[op]) if op in pzone and op not in (ROOT_KEY, SAMPLE_MODES) else 0)

        s = self._samples[izone[SAMPLE_ID]]
        mono, origin = self._sample_audio(izone[SAMPLE_ID])
        start = max(0, s.start - origin + gen(START_OFFSET) + 32768 * gen(START_COARSE))
        end = min(len(mono), s.end - origin + gen(END_OFFSET) + 32768 * gen(END_COARSE))
        if s.kind & VORBIS_FLAG:
            start, end = max(0, gen(START_OFFSET)), len(mono)
        x = mono[start:end].astype(np.float64)
        if len(x) < 16:
            return None
        if gen(SAMPLE_MODES) & 1 and s.loop_end - s.loop_start > 32:  # looped: play the loop, then release
            ls, le = s.loop_start - origin - start, s.loop_end - origin - start
            if 0 <= ls < le <= len(x):
                need = int(LOOP_SECONDS * s.rate_hz)
                reps = max(0, int(np.ceil((need - len(x)) / (le - ls))))
                x = np.concatenate([x[:le]] + [x[ls:le]] * reps)[:need]
                fade = min(len(x), int(s.rate_hz * _seconds(gen(RELEASE))) + 1)
                x[-fade:] *= np.linspace(1.0, 0.0, fade)
        x = x * _envelope(len(x), s.rate_hz, gen(ATTACK), gen(HOLD), gen(DECAY), gen(SUSTAIN))
        if gen(FILTER_FC) < 13500 or gen(FILTER_Q) > 0:
            x = _lowpass(x, s.rate_hz, gen(FILTER_FC), gen(FILTER_Q))
        root = gen(ROOT_KEY) if gen(ROOT_KEY) >= 0 else s.root_key
        cents = gen(SCALE_TUNING) * (key - root) + 100 * gen(COARSE_TUNE) + gen(FINE_TUNE) + s.correction_cents
        x = _resample(x, s.rate_hz * 2.0 ** (cents / 1200.0), sample_rate_hz)
        gain = 10.0 ** (-ATTENUATION_SCALE * max(0, gen(ATTENUATION)) / 200.0)
        pan = np.clip(gen(PAN) / 1000.0, -0.5, 0.5) + 0.5  # 0 left .. 1 right
        if s.kind & 0x0F == 4:  # left sample of a stereo pair
            pan = 0.0
        elif s.kind & 0x0F == 2:  # right sample
            pan = 1.0
        stereo = np.stack([np.cos(pan * np.pi / 2) * x, np.sin(pan * np.pi / 2) * x]) * gain
        return stereo.astype(np.float32)


def _chunks(data: bytes, start: int, stop: int) -> dict[str, bytes]:
    """Flatten the RIFF tree: chunk id → body (LIST chunks are descended into)."""
    out: dict[str, bytes] = {}
    pos = start
    while pos + 8 <= stop:
        cid = data[pos : pos + 4].decode("latin-1")
        size = struct.unpack_from("<I", data, pos + 4)[0]
        body_start = pos + 8
        if cid == "LIST":
            out.update(_chunks(data, body_start + 4, body_start + size))
        else:
            out[cid.strip()] = data[body_start : body_start + size]
        pos = body_start + size + (size & 1)
    return out


def _records(body: bytes, fmt: str) -> list[tuple]:
    return list(struct.iter_unpack(fmt, body[: len(body) - len(body) % struct.calcsize(fmt)]))


def _name(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("latin-1").strip()


def _signed(amount: int) -> int:
    return amount - 65536 if amount >= 32768 else amount


def _range(amount: int | None) -> tuple[int, int]:
    return (0, 127) if amount is None else (amount & 0xFF, amount >> 8)


def _in_range(amount: int | None, value: int) -> bool:
    low, high = _range(amount)
    return low <= value <= high


def _intersect(a: int | None, b: int | None) -> tuple[int, int] | None:
    (al, ah), (bl, bh) = _range(a), _range(b)
    low, high = max(al, bl), min(ah, bh)
    return (low, high) if low <= high else None


def _seconds(timecents: int) -> float:
    return 0.0 if timecents <= -12000 else 2.0 ** (timecents / 1200.0)


def _envelope(n: int, rate_hz: int, attack_tc: int, hold_tc: int, decay_tc: int, sustain_cb: int) -> np.ndarray:
    """Attack (linear), hold, decay (linear in dB, the full 100 dB in ``decay`` time) to the sustain level."""
    t = np.arange(n) / rate_hz
    attack_s, hold_s, decay_s = _seconds(attack_tc), _seconds(hold_tc), _seconds(decay_tc)
    sustain_db = -min(1440, max(0, sustain_cb)) / 10.0
    env_db = np.zeros(n)
    after = t - attack_s - hold_s
    if decay_s > 0:
        env_db = np.where(after > 0, np.maximum(-100.0 * after / decay_s, sustain_db), 0.0)
    elif sustain_db < 0:
        env_db = np.where(after > 0, sustain_db, 0.0)
    env = 10.0 ** (env_db / 20.0)
    if attack_s > 0:
        env *= np.clip(t / attack_s, 0.0, 1.0)
    return env


def _lowpass(x: np.ndarray, rate_hz: int, cutoff_cents: int, q_cb: int) -> np.ndarray:
    """Resonant low-pass (RBJ biquad) at ``cutoff_cents`` (absolute cents, capped at 0.45 × rate).

    As FluidSynth: the biquad's Q is ``q_cb`` minus 3.01 dB (0 cB is a Butterworth response), and
    the output is scaled by 1/sqrt of the resonance (``q_cb`` as a linear gain), half its height in
    dB. Checked against FluidSynth 2.3 renders of FluidR3_GM (levels within 0.5 dB).
    """
    cutoff_hz = min(8.176 * 2.0 ** (cutoff_cents / 1200.0), 0.45 * rate_hz)
    q_db = max(0, min(q_cb, 960)) / 10.0
    q = 10.0 ** ((q_db - 3.01) / 20.0)
    w0 = 2 * np.pi * cutoff_hz / rate_hz
    alpha, cos_w0 = np.sin(w0) / (2 * q), np.cos(w0)
    b = np.array([(1 - cos_w0) / 2, 1 - cos_w0, (1 - cos_w0) / 2]) / np.sqrt(10.0 ** (q_db / 20.0))
    return lfilter(b, [1 + alpha, -2 * cos_w0, 1 - alpha], x)


def _resample(x: np.ndarray, from_hz: float, to_hz: int) -> np.ndarray:
    """Resample by a rational approximation of ``to_hz / from_hz`` (polyphase, within about a cent)."""
    if abs(from_hz - to_hz) < 1e-6 * to_hz:
        return x
    from fractions import Fraction

    ratio = Fraction(to_hz / from_hz).limit_denominator(2000)
    return resample_poly(x, ratio.numerator, ratio.denominator)
