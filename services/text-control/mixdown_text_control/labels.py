"""How text control names targets and parameters to the artist, in English and French.

:data:`TARGET_LABELS`: each role and bus as a noun phrase with its article ("the backing
vocals" / "les chœurs"). :data:`PARAM_LABELS`: each parameter of the console's tables
(:mod:`mixdown.mixparams`, and the master's ``target_lufs``) as a noun phrase ("stereo width" /
"la largeur stéréo"); a bus's or the master's parameter names its owner ("the reverb's width"),
a track's does not (the sentence adds "of the lead vocal"). The EQ bands' labels are derived
from the table names (``peak<n>_...``). Every parameter of the tables has a label: checked at
import, so a parameter added to the tables cannot be explained with a raw name.
"""

from __future__ import annotations

from dataclasses import dataclass

from mixdown.catalog import ROLES
from mixdown.mixparams import BUS_NAMES, BUS_PARAMS, TRACK_PARAMS


@dataclass(frozen=True)
class Label:
    """A noun phrase in English (``en``) and in French with its article (``fr``)."""

    en: str
    fr: str

    def text(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


TARGET_LABELS: dict[str, Label] = {
    "lead_vocal": Label("the lead vocal", "la voix lead"),
    "double": Label("the double", "le doublage"),
    "adlib": Label("the adlibs", "les adlibs"),
    "backing_vocal": Label("the backing vocals", "les chœurs"),
    "instrumental": Label("the beat", "l'instru"),
    "kick": Label("the kick", "le kick"),
    "snare": Label("the snare", "la caisse claire"),
    "drums": Label("the drums", "la batterie"),
    "bass": Label("the bass", "la basse"),
    "keys": Label("the keys", "les claviers"),
    "guitar": Label("the guitar", "la guitare"),
    "synth": Label("the synth", "le synthé"),
    "pad": Label("the pad", "la nappe"),
    "fx": Label("the FX", "les FX"),
    "other": Label("the track", "la piste"),
    "reverb": Label("the reverb", "la reverb"),
    "delay": Label("the delay", "le delay"),
    "bus": Label("the mix bus", "le bus de mix"),
    "master": Label("the master", "le master"),
}

_BAND_FIELDS = {"hz": ("frequency of EQ band {n}", "la fréquence de la bande {n} de l'égaliseur"),
                "gain_db": ("gain of EQ band {n}", "le gain de la bande {n} de l'égaliseur"),
                "q": ("Q of EQ band {n}", "le Q de la bande {n} de l'égaliseur")}

PARAM_LABELS: dict[str, Label] = {
    **{f"peak{n}_{field}": Label(en.format(n=n), fr.format(n=n))
       for n in range(1, 10) for field, (en, fr) in _BAND_FIELDS.items() if f"peak{n}_hz" in TRACK_PARAMS},
    # tracks
    "input_gain_db": Label("input gain", "le gain d'entrée"),
    "hpf_cutoff_hz": Label("high-pass cutoff", "la coupure du coupe-bas"),
    "low_shelf_hz": Label("low-shelf frequency", "la fréquence du shelf grave"),
    "low_shelf_gain_db": Label("low end (low shelf)", "les graves (shelf grave)"),
    "high_shelf_hz": Label("high-shelf frequency", "la fréquence du shelf aigu"),
    "high_shelf_gain_db": Label("treble (high shelf)", "les aigus (shelf aigu)"),
    "comp_threshold_db": Label("compressor threshold", "le seuil du compresseur"),
    "comp_ratio": Label("compression ratio", "le ratio de compression"),
    "comp_attack_ms": Label("compressor attack", "l'attaque du compresseur"),
    "comp_release_ms": Label("compressor release", "le relâchement du compresseur"),
    "comp_makeup_db": Label("compressor make-up gain", "le gain de compensation du compresseur"),
    "deess_threshold_db": Label("de-esser threshold", "le seuil du de-esser"),
    "deess_reduction_db": Label("de-esser reduction", "la réduction du de-esser"),
    "deess_low_hz": Label("de-esser band's low edge", "le bas de la bande du de-esser"),
    "deess_high_hz": Label("de-esser band's high edge", "le haut de la bande du de-esser"),
    "sat_drive_db": Label("saturation drive", "le drive de la saturation"),
    "sat_mix": Label("saturation mix", "le dosage de la saturation"),
    "gain_db": Label("level", "le niveau"),
    "pan": Label("pan", "le panoramique"),
    "width_percent": Label("stereo width", "la largeur stéréo"),
    "mute": Label("mute", "le mute"),
    "reverb_send_db": Label("reverb send", "l'envoi de reverb"),
    "delay_send_db": Label("delay send", "l'envoi de delay"),
    "duck_amount": Label("ducking under the lead vocal", "le ducking sous la voix lead"),
    # the reverb bus
    "reverb_room_size": Label("the reverb's room size", "la taille de la salle de la reverb"),
    "reverb_width": Label("the reverb's stereo width", "la largeur de la reverb"),
    "reverb_damping": Label("the reverb's damping", "l'amortissement de la reverb"),
    "reverb_predelay_ms": Label("the reverb's pre-delay", "le pré-delay de la reverb"),
    "reverb_return_db": Label("the reverb return", "le retour de reverb"),
    # the delay bus
    "bpm": Label("the delay's tempo", "le tempo du delay"),
    "delay_note": Label("the delay time", "le temps du delay"),
    "delay_feedback": Label("the delay's repeats (feedback)", "les répétitions du delay"),
    "delay_highcut_hz": Label("the delay's high cut", "le filtre passe-bas du delay"),
    "delay_lowcut_hz": Label("the delay's low cut", "le filtre passe-haut du delay"),
    "delay_return_db": Label("the delay return", "le retour de delay"),
    # the mix bus
    "duck_depth_db": Label("the ducking depth", "la profondeur du ducking"),
    "duck_low_hz": Label("the ducking band's low edge", "le bas de la bande de ducking"),
    "duck_high_hz": Label("the ducking band's high edge", "le haut de la bande de ducking"),
    "duck_attack_ms": Label("the ducking attack", "l'attaque du ducking"),
    "duck_release_ms": Label("the ducking release", "le relâchement du ducking"),
    "glue_threshold_db": Label("the mix-bus compressor's threshold", "le seuil du compresseur de bus"),
    "glue_ratio": Label("the mix-bus compression ratio", "le ratio du compresseur de bus"),
    "glue_attack_ms": Label("the mix-bus compressor's attack", "l'attaque du compresseur de bus"),
    "glue_release_ms": Label("the mix-bus compressor's release", "le relâchement du compresseur de bus"),
    "glue_makeup_db": Label("the mix-bus make-up gain", "le gain de compensation du bus"),
    "trim_db": Label("the level of the whole mix", "le niveau de tout le mix"),
    "ceiling_dbtp": Label("the mix-bus ceiling", "le plafond du bus de mix"),
    # the master
    "target_lufs": Label("the master's target loudness", "le volume cible du master"),
}

_tabled = {*TRACK_PARAMS, *(name for table in BUS_PARAMS.values() for name in table), "target_lufs"}
_missing = sorted(_tabled - set(PARAM_LABELS)) + sorted(set(ROLES) - set(TARGET_LABELS)) \
    + sorted(set(BUS_NAMES) - set(TARGET_LABELS))
if _missing:
    raise RuntimeError(f"text-control labels: no label for {', '.join(_missing)}")


def of(phrase: str, language: str) -> str:
    """``phrase`` after "of" / "de": "la voix" → "de la voix", "le beat" → "du beat",
    "les chœurs" → "des chœurs", "l'instru" → "de l'instru"."""
    if language != "fr":
        return f"of {phrase}"
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return "de " + phrase
