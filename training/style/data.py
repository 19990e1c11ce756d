"""Self-supervised examples for the style controller: hidden settings around the DSP plan.

For each generated song (:mod:`.songs`) the production console plans a mix (``core.mix`` with
the preset); each draw then moves every style parameter by bounded noise on its normalised
scale around the plan's value (:data:`NOISE_BOUNDS`: a plausible prior, not uniform over the
full ranges), and the production console renders the reference with those hidden settings
(``core.render``). The example is the features of the raw tracks and of that reference
(:func:`mixdown_mixing.style.inputs.controller_inputs`, the function serving uses) and the
hidden settings on the normalised scale, with a mask of what the reference can reveal.

Songs are split by seed: training songs and held-out songs never share a song.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mixdown.catalog import DEFAULT_PRESET
from mixdown.mixparams import LEAD_VOCAL_FIXED
from mixdown_mixing.core import mix, render
from mixdown_mixing.style.inputs import controller_inputs
from mixdown_mixing.style.space import BUS_STYLE_PARAMETERS, TRACK_STYLE_PARAMETERS, bus_params, track_params
from training.style.songs import SAMPLE_RATE_HZ, song

# Half-width of the uniform noise on the normalised scale, per style parameter.
NOISE_BOUNDS: dict[str, float] = {
    "gain_db": 0.06,  # ±5 dB of 84
    "pan": 0.15,  # ±0.3
    "width_percent": 0.15,  # ±30 %
    "low_shelf_gain_db": 0.1,  # ±3.6 dB
    "peak1_gain_db": 0.1,
    "peak2_gain_db": 0.1,
    "peak3_gain_db": 0.1,
    "high_shelf_gain_db": 0.1,
    "comp_threshold_db": 0.1,  # ±6 dB
    "comp_ratio": 0.15,  # ×/÷ 1.6
    "reverb_send_db": 0.1,  # ±6 dB
    "delay_send_db": 0.1,
    "reverb_room_size": 0.2,
    "reverb_return_db": 0.1,  # ±3 dB
    "glue_threshold_db": 0.1,  # ±4 dB
    "glue_ratio": 0.15,
}
CENTRED_ROLES = ("kick", "bass", "snare")  # kept near centre: a quarter of the pan noise
PRESETS = ("modern_clean", "trap_aggressive", "smooth_rnb", DEFAULT_PRESET)


@dataclass
class Example:
    song_seed: int
    roles: list[str]
    track_mel: np.ndarray  # (N, M, F)
    track_scalars: np.ndarray  # (N, S)
    track_roles: np.ndarray  # (N,) int64
    reference_mel: np.ndarray  # (2, M, F)
    reference_scalars: np.ndarray  # (S,)
    track_target: np.ndarray  # (N, P) normalised hidden settings
    track_mask: np.ndarray  # (N, P) 1 where the reference can reveal the parameter
    bus_target: np.ndarray  # (Q,)


def hidden_settings(
    plan: dict[str, dict[str, float]], roles: dict[str, str], channels: dict[str, int], rng: np.random.Generator
) -> tuple[dict[str, dict[str, float]], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """A full parameter set: ``plan`` with each style parameter moved by bounded noise.

    Returns the set, and per map the normalised targets and (per track) the loss mask."""
    hidden = {name: dict(values) for name, values in plan.items()}
    targets: dict[str, np.ndarray] = {}
    masks: dict[str, np.ndarray] = {}
    for name, role in roles.items():
        values, mask = [], []
        for param_name, spec in track_params().items():
            bound = NOISE_BOUNDS[param_name] * (0.25 if param_name == "pan" and role in CENTRED_ROLES else 1.0)
            unit = spec.normalise(plan[name][param_name]) + rng.uniform(-bound, bound)
            fixed = role == "lead_vocal" and param_name in LEAD_VOCAL_FIXED
            value = LEAD_VOCAL_FIXED[param_name] if fixed else spec.denormalise(unit)
            hidden[name][param_name] = round(value, 4)
            values.append(spec.normalise(hidden[name][param_name]))
            mask.append(0.0 if fixed or (param_name == "width_percent" and channels[name] == 1) else 1.0)
        targets[name], masks[name] = np.array(values, np.float32), np.array(mask, np.float32)
    for bus, specs in bus_params().items():
        units = []
        for param_name, spec in specs.items():
            unit = spec.normalise(plan[bus][param_name]) + rng.uniform(-NOISE_BOUNDS[param_name], NOISE_BOUNDS[param_name])
            hidden[bus][param_name] = round(spec.denormalise(unit), 4)
            units.append(spec.normalise(hidden[bus][param_name]))
        targets[bus] = np.array(units, np.float32)
    return hidden, targets, masks


def song_examples(seed: int, draws: int) -> list[Example]:
    """``draws`` examples of generated song ``seed``, each with its own hidden settings."""
    rng = np.random.default_rng([seed, 1])
    tracks, bpm = song(seed)
    preset = PRESETS[seed % len(PRESETS)]
    planned = mix(tracks, SAMPLE_RATE_HZ, preset=preset, bpm=bpm).parameters
    roles = {t.name: t.role for t in tracks}
    channels = {t.name: t.audio.shape[0] for t in tracks}
    examples = []
    for _ in range(draws):
        hidden, targets, masks = hidden_settings(planned, roles, channels, rng)
        reference = render(tracks, SAMPLE_RATE_HZ, hidden)
        track_features, reference_features = controller_inputs(tracks, roles, SAMPLE_RATE_HZ, reference, SAMPLE_RATE_HZ)
        examples.append(Example(
            song_seed=seed,
            roles=list(roles.values()),
            track_mel=track_features.mel,
            track_scalars=track_features.scalars,
            track_roles=track_features.roles_index,
            reference_mel=reference_features.mel,
            reference_scalars=reference_features.scalars,
            track_target=np.stack([targets[t.name] for t in tracks]),
            track_mask=np.stack([masks[t.name] for t in tracks]),
            bus_target=np.concatenate([targets[bus] for bus in BUS_STYLE_PARAMETERS]),
        ))
    return examples


def parameter_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The track parameter names and the bus parameter names (``bus.name``) in output order."""
    return TRACK_STYLE_PARAMETERS, tuple(f"{bus}.{name}" for bus, names in BUS_STYLE_PARAMETERS.items()
                                         for name in names)
