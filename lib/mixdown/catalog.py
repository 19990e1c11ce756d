"""Names shared by the gateway and the services: track roles, presets, delivery targets."""

from __future__ import annotations

from dataclasses import dataclass

from mixdown.params import Param, ParamTable

VOCAL_ROLES = ("lead_vocal", "double", "adlib", "backing_vocal")
ROLES = VOCAL_ROLES + (
    "instrumental",
    "kick",
    "snare",
    "drums",
    "bass",
    "keys",
    "guitar",
    "synth",
    "pad",
    "fx",
    "other",
)
MAX_TRACKS = 12
ROLE_LABELS: dict[str, str] = {
    "lead_vocal": "Lead vocal", "double": "Double", "adlib": "Adlib", "backing_vocal": "Backing vocal",
    "instrumental": "Instrumental / beat", "kick": "Kick", "snare": "Snare", "drums": "Drums", "bass": "Bass",
    "keys": "Keys", "guitar": "Guitar", "synth": "Synth", "pad": "Pad", "fx": "FX", "other": "Other",
}
"""What the web studio shows for each role."""

# Role guesses from file names, most specific first: a token of the name (split on anything
# that is not a letter or digit, letters split from digits, dashed words kept whole) that
# starts with one of the keywords gives the role. "lead" comes last so that "lead guitar" is a
# guitar and "lead vox" a lead vocal. The gateway (forms.guess_role) and the web studio (served
# by GET /v1/catalog) both apply these rules.
ROLE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("adlib", ("adlib", "ad-lib")),
    ("double", ("double", "dbl")),
    ("backing_vocal", ("backing", "bv", "bgv", "choir")),
    ("lead_vocal", ("vocal", "vox", "voice")),
    ("instrumental", ("beat", "instru", "prod", "2track", "2-track")),
    ("kick", ("kick",)),
    ("snare", ("snare",)),
    ("drums", ("drum", "perc", "hihat")),
    ("bass", ("bass", "808")),
    ("keys", ("keys", "keyboard", "piano", "rhodes", "organ")),
    ("guitar", ("guitar", "gtr")),
    ("synth", ("synth",)),
    ("pad", ("pad",)),
    ("fx", ("fx", "sfx")),
    ("lead_vocal", ("lead",)),
)
if set(ROLE_LABELS) != set(ROLES) or not {role for role, _ in ROLE_KEYWORDS} <= set(ROLES):
    raise RuntimeError("ROLE_LABELS and ROLE_KEYWORDS must name the roles of ROLES")


@dataclass(frozen=True)
class PresetInfo:
    name: str
    kind: str  # "vocal" | "full"
    description: str


PRESETS: dict[str, PresetInfo] = {
    p.name: p
    for p in (
        PresetInfo("modern_clean", "vocal", "Clear, upfront vocal with controlled dynamics and a short plate"),
        PresetInfo("trap_aggressive", "vocal", "Bright, heavily compressed vocal with saturation and tempo delays"),
        PresetInfo("smooth_rnb", "vocal", "Warm, wide vocal with a long, soft reverb"),
        PresetInfo("electro_house", "full", "Punchy low end, bright top, wide synths"),
        PresetInfo("pop", "full", "Balanced, polished full mix with the vocal on top"),
        PresetInfo("hip_hop", "full", "Heavy kick and bass, present dry vocal"),
        PresetInfo("rock", "full", "Mid-forward guitars and drums, room reverb"),
        PresetInfo("streaming", "full", "Neutral, dynamic mix for loudness-normalised platforms"),
    )
}
DEFAULT_PRESET = "modern_clean"

LOUDNESS_PRESETS_LUFS = {"streaming": -14.0, "pop": -10.0, "club": -8.0}
MASTER_FORMATS = ("wav24", "wav16", "flac", "mp3")
"""The master's delivery formats: WAV 24-bit (always made), WAV 16-bit with TPDF dither, FLAC, MP3 320 kbps."""
# Delivery targets a job may set (mastering aims at them, QC checks them). The DSP stages that
# reach them (limiter, maximizer) take the same names with the same ranges: a QC correction moves
# the effective value inside these ranges, never outside.
TARGETS = ParamTable("targets", [
    Param("target_lufs", -40.0, -5.0, -14.0, "LUFS", "integrated loudness of the master (EBU R128)"),
    Param("ceiling_dbtp", -20.0, 0.0, -1.0, "dBTP", "highest true peak of the master (4x oversampled)"),
    Param("max_width_percent", 50.0, 200.0, 140.0, "%", "largest stereo width, 100 * rms(side) / rms(mid)"),
    Param("max_lra_lu", 1.0, 30.0, 30.0, "LU", "largest loudness range (EBU Tech 3342); unset = no limit"),
])

# How a job mixes: ``dsp`` (the analysis-driven plan, the default) or ``style`` (the console's
# own parameters searched so the mix takes a reference track's tonal balance, image, space and
# dynamics; needs a reference). ``style_amount`` interpolates between the DSP plan (0) and the
# style result (1).
MIX_MODES = ("dsp", "style")
DEFAULT_MIX_MODE = "dsp"
STYLE = ParamTable("style", [
    Param("style_amount", 0.0, 1.0, 1.0, "", "share of the style result against the DSP plan (0: DSP plan, "
          "1: style result)"),
])
STYLE_MIN_REFERENCE_SECONDS = 1.0
"""The shortest reference track the style mode can use."""

# Corrections QC sends back to mastering, cumulative over the iterations of a job: a loudness
# target offset, a lower true-peak ceiling, a narrower width (each at its default = no change).
CORRECTIONS = ParamTable("corrections", [
    Param("target_offset_lu", -6.0, 6.0, 0.0, "LU", "shift of the loudness target"),
    Param("ceiling_offset_db", -3.0, 0.0, 0.0, "dB", "lowering of the true-peak ceiling"),
    Param("width_scale", 0.25, 1.0, 1.0, "", "factor on the master's side level"),
])
