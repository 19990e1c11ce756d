"""Role defaults: what each kind of track gets before a preset shapes it.

Values are absolute parameter values (names from :mod:`mixdown.mixparams`); whatever a role
does not set keeps the table default. The lead vocal is mono and centred (the safety net);
doubles are tight (fast compression, a low-mid cut) and go left and right under the lead;
adlibs are band-limited (high-pass, high-shelf cut), panned and sent to more reverb and delay;
backing vocals are wider and darker (high-shelf cut, spread); the instrumental and the
melodic parts make room for the lead vocal (``duck_amount``), bass and kick stay mono.
"""

from __future__ import annotations

from mixdown.catalog import VOCAL_ROLES

ROLE_DEFAULTS: dict[str, dict[str, float]] = {
    "lead_vocal": {
        "hpf_cutoff_hz": 90.0, "low_shelf_hz": 150.0, "peak1_hz": 300.0, "peak1_gain_db": -2.0, "peak1_q": 1.2,
        "peak3_hz": 3500.0, "peak3_gain_db": 2.0, "peak3_q": 0.9, "high_shelf_hz": 10000.0, "high_shelf_gain_db": 2.5,
        "deess_reduction_db": 6.0, "comp_threshold_db": -24.0, "comp_ratio": 3.0, "comp_attack_ms": 5.0,
        "comp_release_ms": 80.0, "comp_makeup_db": 2.0, "sat_drive_db": 4.0, "sat_mix": 0.15, "pan": 0.0,
        "width_percent": 0.0, "reverb_send_db": -16.0, "delay_send_db": -22.0,
    },
    "double": {
        "hpf_cutoff_hz": 130.0, "low_shelf_hz": 200.0, "low_shelf_gain_db": -2.0, "peak1_hz": 300.0,
        "peak1_gain_db": -3.0, "peak1_q": 1.2, "peak3_hz": 3500.0, "peak3_gain_db": 1.0, "high_shelf_gain_db": 1.5,
        "deess_reduction_db": 8.0, "comp_threshold_db": -26.0, "comp_ratio": 4.0, "comp_attack_ms": 2.0,
        "comp_release_ms": 60.0, "comp_makeup_db": 2.0, "pan": 0.7, "width_percent": 0.0, "reverb_send_db": -18.0,
    },
    "adlib": {
        "hpf_cutoff_hz": 250.0, "low_shelf_hz": 300.0, "low_shelf_gain_db": -3.0, "peak2_hz": 1200.0,
        "peak2_gain_db": 2.0, "peak2_q": 0.8, "high_shelf_hz": 8000.0, "high_shelf_gain_db": -3.0,
        "deess_reduction_db": 6.0, "comp_threshold_db": -24.0, "comp_ratio": 4.0, "comp_attack_ms": 3.0,
        "comp_release_ms": 60.0, "comp_makeup_db": 2.0, "sat_drive_db": 8.0, "sat_mix": 0.25, "pan": 0.5,
        "width_percent": 0.0, "reverb_send_db": -10.0, "delay_send_db": -10.0,
    },
    "backing_vocal": {
        "hpf_cutoff_hz": 160.0, "peak1_hz": 350.0, "peak1_gain_db": -2.0, "peak3_hz": 3500.0, "peak3_gain_db": -1.0,
        "high_shelf_hz": 8000.0, "high_shelf_gain_db": -3.0, "deess_reduction_db": 8.0, "comp_threshold_db": -26.0,
        "comp_ratio": 3.0, "comp_attack_ms": 10.0, "comp_release_ms": 120.0, "comp_makeup_db": 1.0, "pan": 0.8,
        "width_percent": 140.0, "reverb_send_db": -11.0, "delay_send_db": -28.0,
    },
    "instrumental": {
        "hpf_cutoff_hz": 30.0, "comp_threshold_db": -14.0, "comp_ratio": 1.5, "comp_attack_ms": 30.0,
        "comp_release_ms": 200.0, "duck_amount": 1.0,
    },
    "kick": {
        "hpf_cutoff_hz": 30.0, "low_shelf_hz": 60.0, "low_shelf_gain_db": 1.5, "peak1_hz": 350.0,
        "peak1_gain_db": -3.0, "peak1_q": 1.5, "peak3_hz": 4000.0, "peak3_gain_db": 2.0, "peak3_q": 1.2,
        "comp_threshold_db": -18.0, "comp_ratio": 4.0, "comp_attack_ms": 15.0, "comp_release_ms": 60.0,
        "sat_drive_db": 6.0, "sat_mix": 0.2, "width_percent": 0.0,
    },
    "snare": {
        "hpf_cutoff_hz": 80.0, "peak1_hz": 200.0, "peak1_gain_db": 1.0, "peak2_hz": 900.0, "peak2_gain_db": -1.5,
        "peak3_hz": 5000.0, "peak3_gain_db": 2.0, "comp_threshold_db": -20.0, "comp_ratio": 4.0,
        "comp_attack_ms": 5.0, "comp_release_ms": 80.0, "reverb_send_db": -18.0,
    },
    "drums": {
        "hpf_cutoff_hz": 35.0, "peak1_hz": 400.0, "peak1_gain_db": -1.5, "high_shelf_gain_db": 1.0,
        "comp_threshold_db": -18.0, "comp_ratio": 2.5, "comp_attack_ms": 20.0, "comp_release_ms": 120.0,
    },
    "bass": {
        "hpf_cutoff_hz": 30.0, "low_shelf_hz": 80.0, "low_shelf_gain_db": 1.0, "peak1_hz": 250.0,
        "peak1_gain_db": -1.0, "peak2_hz": 800.0, "peak2_gain_db": 1.0, "comp_threshold_db": -20.0,
        "comp_ratio": 4.0, "comp_attack_ms": 20.0, "comp_release_ms": 150.0, "sat_drive_db": 8.0, "sat_mix": 0.25,
        "width_percent": 0.0,
    },
    "keys": {
        "hpf_cutoff_hz": 90.0, "peak1_hz": 300.0, "peak1_gain_db": -2.0, "comp_threshold_db": -20.0,
        "comp_ratio": 2.0, "comp_attack_ms": 20.0, "comp_release_ms": 150.0, "duck_amount": 0.7,
        "reverb_send_db": -22.0,
    },
    "guitar": {
        "hpf_cutoff_hz": 90.0, "peak1_hz": 250.0, "peak1_gain_db": -1.5, "peak3_hz": 3000.0, "peak3_gain_db": 1.0,
        "comp_threshold_db": -20.0, "comp_ratio": 2.5, "comp_attack_ms": 15.0, "comp_release_ms": 150.0,
        "duck_amount": 0.7, "reverb_send_db": -24.0,
    },
    "synth": {
        "hpf_cutoff_hz": 70.0, "peak1_hz": 300.0, "peak1_gain_db": -1.0, "high_shelf_gain_db": 1.0,
        "comp_threshold_db": -20.0, "comp_ratio": 2.0, "comp_attack_ms": 20.0, "comp_release_ms": 150.0,
        "width_percent": 110.0, "duck_amount": 0.6, "reverb_send_db": -26.0, "delay_send_db": -30.0,
    },
    "pad": {
        "hpf_cutoff_hz": 120.0, "peak1_hz": 300.0, "peak1_gain_db": -2.0, "high_shelf_hz": 8000.0,
        "high_shelf_gain_db": -2.0, "width_percent": 130.0, "duck_amount": 1.0, "reverb_send_db": -18.0,
    },
    "fx": {
        "hpf_cutoff_hz": 150.0, "width_percent": 120.0, "duck_amount": 0.5, "reverb_send_db": -12.0,
        "delay_send_db": -16.0,
    },
    "other": {
        "hpf_cutoff_hz": 40.0, "comp_threshold_db": -20.0, "comp_ratio": 2.0, "comp_attack_ms": 20.0,
        "comp_release_ms": 150.0, "duck_amount": 0.5,
    },
}

# Loudness of each role after its chain and fader, in LU: vocal roles relative to the lead
# vocal, the other roles relative to each other (the preset's vocal-over-beat target then
# places that group under the lead vocal).
ROLE_LEVEL_LU: dict[str, float] = {
    "lead_vocal": 0.0, "double": -7.0, "adlib": -5.0, "backing_vocal": -8.0,
    "instrumental": 0.0, "kick": -3.0, "snare": -4.0, "drums": -3.0, "bass": -3.0, "keys": -8.0,
    "guitar": -6.0, "synth": -7.0, "pad": -11.0, "fx": -12.0, "other": -8.0,
}

# Spectral balance targets (each band's share of the 30 Hz - 16 kHz energy, dB) that the EQ
# moves a track towards; roles without a target get no corrective EQ.
ROLE_SPECTRAL_TARGETS_DB: dict[str, dict[str, float]] = {
    "lead_vocal": {"low": -24.0, "low_mid": -3.0, "mid": -5.0, "presence": -14.0, "air": -22.0},
    "double": {"low": -26.0, "low_mid": -4.0, "mid": -5.0, "presence": -14.0, "air": -22.0},
    "adlib": {"low": -26.0, "low_mid": -4.0, "mid": -4.0, "presence": -13.0, "air": -22.0},
    "backing_vocal": {"low": -26.0, "low_mid": -3.0, "mid": -5.0, "presence": -15.0, "air": -24.0},
    "instrumental": {"low": -3.0, "low_mid": -8.0, "mid": -12.0, "presence": -16.0, "air": -20.0},
    "keys": {"low": -12.0, "low_mid": -4.0, "mid": -6.0, "presence": -15.0, "air": -24.0},
    "guitar": {"low": -14.0, "low_mid": -4.0, "mid": -5.0, "presence": -13.0, "air": -24.0},
}
# How much of the measured deviation the EQ corrects (the rest is the recording's character),
# and the most it moves one band.
ROLE_CORRECTION_SHARE: dict[str, float] = {role: 0.5 for role in VOCAL_ROLES} | {
    "instrumental": 0.25, "keys": 0.4, "guitar": 0.4,
}
MAX_CUT_DB = 3.0
# Largest corrective boost per band: a vocal's lows are never boosted (the high-pass and the
# proximity effect decide them), other lows and low-mids only a little.
MAX_BOOST_DB: dict[str, float] = {"low": 1.5, "low_mid": 1.5, "presence": 3.0, "air": 3.0}
# The band each EQ gain corrects.
CORRECTION_BANDS: dict[str, str] = {
    "low": "low_shelf_gain_db",
    "low_mid": "peak1_gain_db",
    "presence": "peak3_gain_db",
    "air": "high_shelf_gain_db",
}
# Crest factor (peak over active RMS, dB) a role typically has before compression; a denser
# track (already compressed or limited) gets its threshold raised by the shortfall (at most 6 dB).
ROLE_CREST_DB: dict[str, float] = {
    "lead_vocal": 14.0, "double": 14.0, "adlib": 14.0, "backing_vocal": 14.0, "instrumental": 12.0,
    "kick": 16.0, "snare": 16.0, "drums": 16.0, "bass": 10.0, "keys": 14.0, "guitar": 12.0, "synth": 12.0,
    "pad": 10.0, "fx": 14.0, "other": 14.0,
}
MAX_CREST_RELIEF_DB = 6.0

# Roles whose pan is a spread: successive tracks of the role alternate left and right, each
# pair a quarter narrower than the one before.
SPREAD_ROLES = ("double", "adlib", "backing_vocal")


def correction_limits(role: str, band: str) -> tuple[float, float]:
    """(largest cut, largest boost) in dB the analysis may apply to ``band`` of a ``role`` track."""
    boost = 0.0 if band == "low" and role in VOCAL_ROLES else MAX_BOOST_DB[band]
    return -MAX_CUT_DB, boost


def spread_pan(role: str, magnitude: float, index: int, count: int, channels: int) -> float:
    """Pan of the ``index``-th of ``count`` tracks of a spread role (``magnitude`` from the
    role or preset). A single double or mono backing vocal stays centred under the lead; a
    single adlib sits half the spread to the right; stereo tracks are not panned."""
    if role not in SPREAD_ROLES or channels == 2:
        return 0.0 if role in SPREAD_ROLES else magnitude
    if count == 1:
        return round(0.5 * magnitude, 3) if role == "adlib" else 0.0
    pair = index // 2
    side = -1.0 if index % 2 == 0 else 1.0
    return round(side * magnitude * 0.75**pair, 3)
