"""What an artist may ask for, and the types of the rule parser's French and English vocabulary.

- :data:`DESCRIPTORS`: what an artist may ask for ("brightness", "mud", "reverb"...) → which
  parameters of :mod:`mixdown.mixparams` move, in which sense, by how much by default.
- :data:`QUALIFIED`: a bus word and a qualifier ("la largeur de ma reverb") → the bus's own
  descriptor (``reverb_width``); :data:`FREQUENCY_OF`: a gain → the frequency that places it.
- :class:`Entry`: one meaning of a phrase; :class:`Words`: phrases sharing one meaning, as the
  word lists declare them (:mod:`.words_quality`: descriptors and qualifiers; :mod:`.words_targets`:
  tracks, the mix, the mix bus; :mod:`.words_grammar`: cues, intensities, negations and function
  words). :mod:`.phrasebook` indexes them by phrase.

Words are listed once per language, already folded (lower case, no accents, œ → oe, hyphens and
apostrophes as spaces).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mixdown.mixparams import TRACK_PARAMS, table_for

Mode = Literal["add", "mul", "floor", "switch", "centre"]

# An EQ region: (lowest, highest, centre) in Hz. A descriptor moving "a band" there takes the peak
# band whose frequency is nearest the centre (or the frequency the instruction names) and moves
# that band's frequency to the centre when it lies outside the region, so the gain lands where
# the ear places the word (mud 150-800 Hz, nasal 500-2500 Hz, presence 1.5-6 kHz...).
LOW_MIDS_HZ = (150.0, 800.0, 300.0)
WARMTH_HZ = (150.0, 800.0, 250.0)
MIDS_HZ = (500.0, 2500.0, 1000.0)
PRESENCE_HZ = (1500.0, 6000.0, 3000.0)
HARSHNESS_HZ = (2000.0, 8000.0, 3500.0)
BRIGHT_HZ = (2500.0, 16000.0, 10000.0)
AIR_HZ = (10000.0, 16000.0, 12000.0)  # above the harsh region: air beside "less harsh"
LOWS_HZ = (20.0, 300.0, 100.0)
# The peak bands a "band" effect may take, in the track table's order.
PEAK_BANDS = ("peak1", "peak2", "peak3")
BAND = "band"


@dataclass(frozen=True)
class Effect:
    """One parameter a descriptor moves.

    ``sign`` +1: the parameter rises with more of the descriptor. ``step``: the default move,
    in the parameter's unit (``add``), as a ratio (``mul``: Hz and ms move by factors), as the
    lowest value when rising (``floor``), 1/0 for an on/off switch (``switch``), or the share
    of the way to 0 (``centre``: a pan brought back to the middle). ``parameter`` :data:`BAND`
    is the gain of a peak band placed in ``region_hz`` (or at the frequency the instruction
    names).
    """

    parameter: str
    sign: int
    step: float
    mode: Mode = "add"
    region_hz: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class Descriptor:
    """Something an artist can ask more or less of.

    ``scope``: ``track`` (the effects apply to each targeted track), a bus name (``reverb``,
    ``delay``, ``bus``: the effects apply to that bus whatever the target) or ``master`` (the
    job's delivery target). ``mix_effects``: what it means for the whole mix (on the mix bus),
    when the instruction aims at the mix. ``off``: the (parameter, value) that switches it off
    ("enlève le delay"); descriptors without one are reduced by 1.5 steps instead. ``default``:
    who it applies to when no target is named: a role, ``others`` (every track but the lead
    vocal), ``mix`` (the mix bus) or ``master``. ``problem``: its name alone is a complaint
    ("sibilance", "mud"), so it is reduced. ``priority`` breaks ties between two descriptors
    sharing one cue ("the esses are too harsh" is about sibilance). ``fallback``: the moves
    used when another request of the instruction forbids ``effects`` (see :mod:`.semantics`).
    """

    name: str
    effects: tuple[Effect, ...]
    label: dict[str, str]
    scope: str = "track"
    mix_effects: tuple[Effect, ...] = ()
    off: tuple[str, float] | None = None
    default: str = "lead_vocal"
    problem: bool = False
    priority: int = 2
    fallback: tuple[Effect, ...] = ()


def _d(name: str, effects: tuple[Effect, ...], en: str, fr: str, **kwargs) -> Descriptor:
    return Descriptor(name, effects, {"en": en, "fr": fr}, **kwargs)


E = Effect
DESCRIPTORS: dict[str, Descriptor] = {d.name: d for d in (
    _d("level", (E("gain_db", 1, 2.0),), "level", "niveau", off=("mute", 1.0), default="master", priority=0),
    _d("loudness", (E("target_lufs", 1, 1.0),), "loudness", "volume du master", scope="master",
       default="master", priority=1),
    _d("mute", (E("mute", 1, 1.0, "switch"),), "mute", "mute", priority=1),
    _d("brightness", (E("high_shelf_gain_db", 1, 2.0),), "treble", "aigus", priority=1,
       fallback=(E(BAND, 1, 2.0, region_hz=BRIGHT_HZ),)),
    _d("air", (E("high_shelf_gain_db", 1, 2.0), E("high_shelf_hz", 1, 12000.0, "floor")), "air", "air",
       fallback=(E(BAND, 1, 2.0, region_hz=AIR_HZ),)),
    _d("presence", (E(BAND, 1, 2.0, region_hz=PRESENCE_HZ),), "presence", "présence", priority=1),
    _d("closeness", (E("gain_db", 1, 1.5), E("reverb_send_db", -1, 3.0), E(BAND, 1, 1.5, region_hz=PRESENCE_HZ)),
       "closeness", "proximité", priority=1),
    _d("harshness", (E(BAND, 1, 2.0, region_hz=HARSHNESS_HZ),), "harshness", "dureté", problem=True, priority=2),
    _d("sibilance", (E("deess_reduction_db", -1, 4.0), E("deess_threshold_db", 1, 4.0)),
       "sibilance", "sibilances", problem=True, priority=3),
    _d("mud", (E(BAND, 1, 2.0, region_hz=LOW_MIDS_HZ),), "mud", "boue (bas-médiums)", problem=True, priority=3),
    _d("mids", (E(BAND, 1, 2.0, region_hz=MIDS_HZ),), "mids", "médiums"),
    _d("band", (E(BAND, 1, 2.0),), "EQ band", "bande d'EQ", priority=0),
    _d("body", (E("low_shelf_gain_db", 1, 2.0),), "low end", "graves", default="instrumental",
       fallback=(E(BAND, 1, 2.0, region_hz=LOWS_HZ),)),
    _d("thin", (E("low_shelf_gain_db", -1, 2.0), E("hpf_cutoff_hz", 1, 1.5, "mul")),
       "thinness", "finesse", priority=1, fallback=(E(BAND, -1, 2.0, region_hz=LOWS_HZ),)),
    _d("hpf", (E("hpf_cutoff_hz", 1, 1.5, "mul"),), "high-pass", "coupe-bas", priority=3),
    _d("warmth", (E(BAND, 1, 1.5, region_hz=WARMTH_HZ), E("sat_mix", 1, 0.1)), "warmth", "chaleur"),
    _d("saturation", (E("sat_drive_db", 1, 3.0), E("sat_mix", 1, 0.15)), "saturation", "saturation",
       off=("sat_mix", 0.0)),
    _d("compression", (E("comp_ratio", 1, 1.0), E("comp_threshold_db", -1, 3.0)), "compression", "compression",
       mix_effects=(E("glue_ratio", 1, 0.5), E("glue_threshold_db", -1, 2.0)), off=("comp_ratio", 1.0)),
    _d("threshold", (E("comp_threshold_db", 1, 3.0),), "compressor threshold", "seuil du compresseur",
       priority=4),
    _d("punch", (E("comp_attack_ms", 1, 1.5, "mul"), E("comp_ratio", 1, 0.5)), "punch", "punch",
       mix_effects=(E("glue_attack_ms", 1, 1.5, "mul"), E("glue_ratio", 1, 0.3)), default="mix"),
    _d("reverb", (E("reverb_send_db", 1, 3.0),), "reverb", "reverb", off=("reverb_send_db", -60.0), priority=3),
    _d("delay", (E("delay_send_db", 1, 3.0),), "delay", "delay", off=("delay_send_db", -60.0), priority=3),
    _d("pan", (E("pan", 1, 0.5),), "pan to the right", "panoramique vers la droite", priority=1),
    _d("pan_centre", (E("pan", 1, 1.0, "centre"),), "pan towards the centre", "panoramique vers le centre",
       priority=2),
    _d("width", (E("width_percent", 1, 20.0),), "stereo width", "largeur stéréo", default="others", priority=1),
    _d("glue", (E("glue_ratio", 1, 0.5), E("glue_threshold_db", -1, 2.0)), "glue compression",
       "compression de bus", scope="bus", off=("glue_ratio", 1.0), priority=3),
    _d("duck", (E("duck_depth_db", 1, 2.0),), "ducking under the vocal", "ducking sous la voix", scope="bus",
       off=("duck_depth_db", 0.0), priority=3),
    _d("reverb_size", (E("reverb_room_size", 1, 0.15),), "reverb size", "taille de la reverb", scope="reverb",
       priority=4),
    _d("reverb_width", (E("reverb_width", 1, 0.2),), "reverb width", "largeur de la reverb", scope="reverb",
       priority=4),
    _d("reverb_damping", (E("reverb_damping", 1, 0.15),), "reverb damping (darker tail)",
       "amortissement de la reverb (queue plus sombre)", scope="reverb", priority=4),
    _d("reverb_predelay", (E("reverb_predelay_ms", 1, 15.0),), "reverb pre-delay", "pré-delay de la reverb",
       scope="reverb", priority=4),
    _d("reverb_return", (E("reverb_return_db", 1, 2.0),), "reverb return", "retour de reverb", scope="reverb",
       off=("reverb_return_db", table_for("reverb")["reverb_return_db"].min), priority=4),
    _d("delay_feedback", (E("delay_feedback", 1, 0.1),), "delay repeats", "répétitions du delay", scope="delay",
       priority=4),
    _d("delay_time", (E("delay_note", 1, 2.0, "mul"),), "delay time", "temps du delay", scope="delay", priority=4),
    _d("delay_return", (E("delay_return_db", 1, 2.0),), "delay return", "retour du delay", scope="delay",
       off=("delay_return_db", table_for("delay")["delay_return_db"].min), priority=4),
    _d("delay_damping", (E("delay_highcut_hz", -1, 1.5, "mul"),), "darkness of the echoes",
       "assombrissement des échos", scope="delay", priority=4),
)}

# A bus word + a qualifier class → the bus descriptor it means ("reverb" + "largeur").
QUALIFIED: dict[tuple[str, str], str] = {
    ("reverb", "size"): "reverb_size",
    ("reverb", "width"): "reverb_width",
    ("reverb", "dark"): "reverb_damping",
    ("reverb", "predelay"): "reverb_predelay",
    ("reverb", "return"): "reverb_return",
    ("delay", "feedback"): "delay_feedback",
    ("delay", "size"): "delay_feedback",
    ("delay", "time"): "delay_time",
    ("delay", "return"): "delay_return",
    ("delay", "dark"): "delay_damping",
    ("reverb", "loud"): "reverb_return",
    ("delay", "loud"): "delay_return",
}
# Qualifier classes that describe the bus only after its name ("the reverb is too loud", not
# "louder vocal with less reverb").
AFTER_ONLY = frozenset({"loud"})
# Bus words whose size qualifier only counts after them: "un petit slapback" is some delay, "the
# delay is too long" its repeats.
SIZE_AFTER_ONLY = frozenset({"delay"})
# ... and small-size words, before either bus: "une petite reverb" is a little reverb.
SMALL_BEFORE = frozenset({"petit", "petite", "petits", "petites", "small", "little", "tiny", "short"})
QUALIFIER_WINDOW_TOKENS = 3

# A gain parameter → the frequency that places it ("aigus à 8 kHz" sets the shelf's corner): each
# EQ band's ``<band>_gain_db`` and its ``<band>_hz`` in the track table; the de-esser's band by its
# lower edge.
FREQUENCY_OF: dict[str, str] = {
    **{name: f"{name.removesuffix('_gain_db')}_hz" for name in TRACK_PARAMS
       if name.endswith("_gain_db") and f"{name.removesuffix('_gain_db')}_hz" in TRACK_PARAMS},
    "deess_reduction_db": "deess_low_hz",
}


# --- Phrases ---------------------------------------------------------------------------------

Kind = Literal["desc", "qual", "target", "cue", "intensity", "neg", "copula", "prep", "verb", "pronoun",
               "enough", "polite", "ref"]


@dataclass(frozen=True)
class Entry:
    """One meaning of a phrase. ``value``: the descriptor, qualifier class, target, cue
    (``up``/``down``/``off``) or intensity factor. ``polarity``: -1 for words meaning the
    opposite of their descriptor ("dull" for brightness). ``comparative``: the word carries its
    own "more" ("brighter", "élargis"). ``problem``: named alone it is a complaint."""

    kind: Kind
    value: str | float
    lang: str
    polarity: int = 1
    comparative: bool = False
    problem: bool | None = None
    tool: bool = False  # the processor that takes the quality away ("de-esser"): its subject, not a request for it


@dataclass(frozen=True)
class Words:
    """Folded phrases, separated by ``|``, that share one meaning (``entry``)."""

    phrases: str
    entry: Entry


def words(kind: Kind, lang: str, phrases: str, value: str | float = "", **flags) -> Words:
    return Words(phrases, Entry(kind, value, lang, **flags))


def desc(name: str, lang: str, phrases: str, polarity: int = 1, comparative: bool = False,
         problem: bool | None = None, tool: bool = False) -> Words:
    """Words meaning descriptor ``name`` (``polarity`` -1: its opposite, "dull" for brightness;
    ``tool``: the processor that takes it away, "de-esser")."""
    if name not in DESCRIPTORS:
        raise KeyError(name)
    return words("desc", lang, phrases, name, polarity=polarity, comparative=comparative, problem=problem, tool=tool)


def qual(cls: str, lang: str, phrases: str, polarity: int = 1, comparative: bool = False) -> Words:
    """Words qualifying a bus word with qualifier class ``cls`` (see :data:`QUALIFIED`)."""
    if cls not in {c for _, c in QUALIFIED}:
        raise KeyError(cls)
    return words("qual", lang, phrases, cls, polarity=polarity, comparative=comparative)
