"""The French and English vocabulary of the rule parser, as data.

- :data:`DESCRIPTORS`: what an artist may ask for ("brightness", "mud", "reverb"...) → which
  parameters of :mod:`mixdown.mixparams` move, in which sense, by how much by default.
- :data:`PHRASES`: folded words and phrases (see :mod:`mixdown_text_control.normalise`) → what
  they mean: a descriptor (with its polarity: "dull" is brightness with polarity -1), a target
  (a track role, the mix, every track), a direction cue ("plus", "less", "enlève"), an
  intensity ("un peu" = 0.5), a negation, a copula ("est", "sounds") and a few function words.
- Qualifiers: words that, next to "reverb" or "delay", address that bus's own parameters
  ("la largeur de ma reverb" → ``reverb_width``; "more repeats on the delay" → ``delay_feedback``).

Words are listed once per language, already folded (lower case, no accents, œ → oe, hyphens and
apostrophes as spaces).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["add", "mul", "floor", "switch"]


@dataclass(frozen=True)
class Effect:
    """One parameter a descriptor moves.

    ``sign`` +1: the parameter rises with more of the descriptor. ``step``: the default move,
    in the parameter's unit (``add``), as a ratio (``mul``: Hz and ms move by factors), as the
    lowest value when rising (``floor``), or 1/0 for an on/off switch (``switch``).
    """

    parameter: str
    sign: int
    step: float
    mode: Mode = "add"


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
    sharing one cue ("the esses are too harsh" is about sibilance).
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


def _d(name: str, effects: tuple[Effect, ...], en: str, fr: str, **kwargs) -> Descriptor:
    return Descriptor(name, effects, {"en": en, "fr": fr}, **kwargs)


E = Effect
DESCRIPTORS: dict[str, Descriptor] = {d.name: d for d in (
    _d("level", (E("gain_db", 1, 2.0),), "level", "niveau", off=("mute", 1.0), default="master", priority=0),
    _d("loudness", (E("target_lufs", 1, 1.0),), "loudness", "volume du master", scope="master",
       default="master", priority=1),
    _d("mute", (E("mute", 1, 1.0, "switch"),), "mute", "mute", priority=1),
    _d("brightness", (E("high_shelf_gain_db", 1, 2.0),), "treble", "aigus", priority=1),
    _d("air", (E("high_shelf_gain_db", 1, 2.0), E("high_shelf_hz", 1, 12000.0, "floor")), "air", "air"),
    _d("presence", (E("peak3_gain_db", 1, 2.0),), "presence", "présence", priority=1),
    _d("harshness", (E("peak3_gain_db", 1, 2.0),), "harshness", "dureté", problem=True, priority=1),
    _d("sibilance", (E("deess_reduction_db", -1, 4.0), E("deess_threshold_db", 1, 4.0)),
       "sibilance", "sibilances", problem=True, priority=3),
    _d("mud", (E("peak1_gain_db", 1, 2.0),), "mud", "boue (bas-médiums)", problem=True, priority=3),
    _d("mids", (E("peak2_gain_db", 1, 2.0),), "mids", "médiums"),
    _d("body", (E("low_shelf_gain_db", 1, 2.0),), "low end", "graves", default="instrumental"),
    _d("thin", (E("low_shelf_gain_db", -1, 2.0), E("hpf_cutoff_hz", 1, 1.5, "mul")),
       "thinness", "finesse", priority=1),
    _d("hpf", (E("hpf_cutoff_hz", 1, 1.5, "mul"),), "high-pass", "coupe-bas", priority=3),
    _d("warmth", (E("sat_mix", 1, 0.15), E("sat_drive_db", 1, 3.0)), "warmth", "chaleur", off=("sat_mix", 0.0)),
    _d("saturation", (E("sat_drive_db", 1, 3.0), E("sat_mix", 1, 0.15)), "saturation", "saturation",
       off=("sat_mix", 0.0)),
    _d("compression", (E("comp_ratio", 1, 1.0), E("comp_threshold_db", -1, 3.0)), "compression", "compression",
       mix_effects=(E("glue_ratio", 1, 0.5), E("glue_threshold_db", -1, 2.0)), off=("comp_ratio", 1.0)),
    _d("punch", (E("comp_attack_ms", 1, 1.5, "mul"), E("comp_ratio", 1, 0.5)), "punch", "punch",
       mix_effects=(E("glue_attack_ms", 1, 1.5, "mul"), E("glue_ratio", 1, 0.3)), default="mix"),
    _d("reverb", (E("reverb_send_db", 1, 3.0),), "reverb", "reverb", off=("reverb_send_db", -60.0), priority=3),
    _d("delay", (E("delay_send_db", 1, 3.0),), "delay", "delay", off=("delay_send_db", -60.0), priority=3),
    _d("pan", (E("pan", 1, 0.5),), "pan to the right", "panoramique vers la droite", priority=1),
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
       priority=4),
    _d("delay_feedback", (E("delay_feedback", 1, 0.1),), "delay repeats", "répétitions du delay", scope="delay",
       priority=4),
    _d("delay_time", (E("delay_note", 1, 2.0, "mul"),), "delay time", "temps du delay", scope="delay", priority=4),
    _d("delay_return", (E("delay_return_db", 1, 2.0),), "delay return", "retour du delay", scope="delay",
       priority=4),
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
}
QUALIFIER_WINDOW_TOKENS = 3

# A gain parameter → the frequency that places it ("aigus à 8 kHz" sets the shelf's corner).
FREQUENCY_OF: dict[str, str] = {
    "high_shelf_gain_db": "high_shelf_hz",
    "low_shelf_gain_db": "low_shelf_hz",
    "peak1_gain_db": "peak1_hz",
    "peak2_gain_db": "peak2_hz",
    "peak3_gain_db": "peak3_hz",
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


PHRASES: dict[str, list[Entry]] = {}
LANG_WORDS: dict[str, set[str]] = {"en": set(), "fr": set()}


def _add(kind: Kind, lang: str, phrases: str, value: str | float = "", **flags) -> None:
    for phrase in phrases.split("|"):
        phrase = " ".join(phrase.split())
        if not phrase:
            continue
        PHRASES.setdefault(phrase, []).append(Entry(kind, value, lang, **flags))
        if lang in LANG_WORDS:
            LANG_WORDS[lang].update(phrase.split())


def _desc(name: str, lang: str, phrases: str, polarity: int = 1, comparative: bool = False,
          problem: bool | None = None) -> None:
    if name not in DESCRIPTORS:
        raise KeyError(name)
    _add("desc", lang, phrases, name, polarity=polarity, comparative=comparative, problem=problem)


def _qual(cls: str, lang: str, phrases: str, polarity: int = 1, comparative: bool = False) -> None:
    _add("qual", lang, phrases, cls, polarity=polarity, comparative=comparative)


# Level of a track (or of the master when no track is named).
_desc("level", "fr", "volume|niveau|niveaux|gain|fader|fort|forte|forts|fortes|en avant|devant|au premier plan")
_desc("level", "fr", "faible|faibles|discret|discrete|en retrait|derriere|en arriere|au fond", -1)
_desc("level", "fr", "noye|noyee|noyes|noyees|perdu|perdue|perdus|perdues|cache|cachee|enterre|enterree", -1,
      problem=True)
_desc("level", "fr", "trop bas|trop basse", -1, problem=True)
_desc("level", "fr", "plus bas|plus basse", -1, comparative=True)
_desc("level", "fr", "moins bas|moins basse", comparative=True)
_desc("level", "en", "volume|level|levels|gain|fader|loud|upfront|up front|forward|in front|on top")
_desc("level", "en", "louder", comparative=True)
_desc("level", "en", "quiet|soft|in the back|behind", -1)
_desc("level", "en", "quieter|softer", -1, comparative=True)
_desc("level", "en", "buried|drowned|lost|hidden|swamped", -1, problem=True)
_desc("loudness", "fr", "loudness|lufs|niveau global|niveau general|volume global|volume general|volume du master|"
      "niveau du master|sonie")
_desc("loudness", "en", "loudness|lufs|overall level|overall volume|master volume|master level")
_desc("mute", "fr", "mute|mutes|muter|coupe le son", comparative=True)
_desc("mute", "fr", "demute|remets|remettre|reactive", -1, comparative=True)
_desc("mute", "en", "mute|silence", comparative=True)
_desc("mute", "en", "unmute|bring back|put back", -1, comparative=True)

_desc("brightness", "fr", "aigus|aigu|aigue|aigues|brillance|brillant|brillante|brillants|brillantes|eclat|"
      "eclatant|eclatante|hautes frequences|haut du spectre|brille|scintillant|petillant|petillante")
_desc("brightness", "fr", "eclaircis|eclaircir|eclaircit", comparative=True)
_desc("brightness", "fr", "sombre|sombres|fonce|foncee", -1)
_desc("brightness", "fr", "terne|ternes|sourd|sourde|etouffe|etouffee|etouffes|etouffees|mat|mate|feutre|"
      "feutree", -1, problem=True)
_desc("brightness", "fr", "assombris|assombrir|assombrit", -1, comparative=True)
_desc("brightness", "en", "treble|highs|high end|top end|high frequencies|bright|brightness|sparkle|sparkly|"
      "shine|shiny|crisp|crispness|crispy|brilliance|top")
_desc("brightness", "en", "brighter|crisper|brighten", comparative=True)
_desc("brightness", "en", "high shelf|treble shelf|high shelf gain")
_desc("brightness", "fr", "shelf aigu|plateau aigu|high shelf")
_desc("brightness", "en", "dark|darkness", -1)
_desc("brightness", "en", "dull|muffled|dead|lifeless|veiled", -1, problem=True)
_desc("brightness", "en", "darker|darken|duller", -1, comparative=True)
_desc("air", "fr", "air|aerien|aerienne|aeriens|aeriennes|souffle|ouverture|ouvert|ouverte")
_desc("air", "en", "air|airy|breathy|breath|openness|open")
_desc("air", "en", "airier", comparative=True)
_desc("presence", "fr", "presence|present|presente|presents|presentes|clarte|clair|claire|clairs|claires|"
      "intelligible|intelligibilite|articulation|definition|defini|definie|mordant|precision|precis|precise|"
      "nettete|nette|net")
_desc("presence", "en", "presence|present|clarity|clear|intelligible|intelligibility|definition|defined|"
      "articulation|bite|cut through|cuts through|upfront presence")
_desc("presence", "en", "clearer", comparative=True)
_desc("harshness", "fr", "dur|dure|durs|dures|durete|agressif|agressive|agressifs|agressives|agressivite|"
      "criard|criarde|criards|criardes|strident|stridente|stridents|stridentes|percant|percante|pique|"
      "qui pique|tranchant|tranchante|acide|metallique|fatigant|fatigante|agresse")
_desc("harshness", "fr", "doux|douce|douces|douceur|rond et doux", -1)
_desc("harshness", "fr", "adoucis|adoucir|adoucit|adoucissez|lisse|lisser|lisses", -1, comparative=True)
_desc("harshness", "en", "harsh|harshness|piercing|strident|shrill|brittle|abrasive|aggressive|aggression|"
      "edgy|sharp|sharpness|tinny|fatiguing|ear piercing|spiky|painful")
_desc("harshness", "en", "harsher", comparative=True)
_desc("harshness", "en", "smooth|mellow|sweet|silky", -1)
_desc("harshness", "en", "smoother|mellower|soften|smooth out|sweeter", -1, comparative=True)
_desc("sibilance", "fr", "sibilance|sibilances|sibilant|sibilante|sibilants|sibilantes|sifflante|sifflantes|"
      "sifflant|sifflants|sifflement|sifflements|siffle|sifflent|les s|des s|les ss|chuintante|chuintantes|"
      "s qui sifflent")
_desc("sibilance", "fr", "de esser|deesser|de esseur|deesseur|de essing|deessing", -1)
_desc("sibilance", "fr", "de esse|deesse|de esses", -1, comparative=True)
_desc("sibilance", "en", "sibilance|sibilant|sibilants|esses|ess|the s s|s s|the s|hissing|hissy|sizzle|"
      "ss sounds|s sounds")
_desc("sibilance", "en", "de esser|deesser|de essing|deessing", -1)
_desc("sibilance", "en", "de ess|deess", -1, comparative=True)
_desc("mud", "fr", "boue|boueux|boueuse|boueuses|bas mediums|bas medium|bas mids|medium grave|mediums graves|"
      "bas des mediums|pateux|pateuse|carton|cartonneux|cartonneuse|confus|confuse|brouillon|bouche|encombre|"
      "encombree|charge|chargee")
_desc("mud", "en", "mud|muddy|muddiness|low mids|low mid|lowmids|low middle|boxy|boxiness|murky|woolly|"
      "cloudy|congested|cardboard|boomy mids")
_desc("mids", "fr", "mediums|medium|mids|haut medium|milieu du spectre")
_desc("mids", "fr", "nasal|nasale|nasals|nasales|nasillard|nasillarde|nasillards|nasillardes|nez|telephone",
      problem=True)
_desc("mids", "en", "mids|midrange|mid range|middle")
_desc("mids", "en", "nasal|nasally|honky|honk|telephone|hornlike", problem=True)
_desc("body", "fr", "corps|basses|graves|grave|bas du spectre|rondeur|rond|ronde|ronds|rondes|epaisseur|epais|"
      "epaisse|epaisses|plein|pleine|pleins|pleines|gras|grasse|poids|assise|sub|subs|basse frequence|"
      "basses frequences|lourd|lourde|chaud en bas")
_desc("body", "fr", "epaissis|epaissir|epaissit|arrondis|arrondir|nourris|nourrir", comparative=True)
_desc("body", "fr", "boum|bourdonne|bourdonnant|bourdonnante|boomy", problem=True)
_desc("body", "en", "body|low end|lows|low frequencies|bottom|bottom end|weight|thick|thickness|fat|full|"
      "fullness|round|warm low end|subs|sub|heavy|beef|beefy|chunky")
_desc("body", "en", "thicker|fatter|fuller|thicken|heavier|beefier|rounder|fill out", comparative=True)
_desc("body", "en", "low shelf|bass shelf|low shelf gain")
_desc("body", "fr", "shelf grave|plateau grave|low shelf")
_desc("body", "en", "boomy|boom|boominess|rumble|rumbly", problem=True)
_desc("thin", "fr", "fin|fine|fins|fines|finesse|mince|minces|maigre|maigres|leger|legere|legers|legeres|"
      "aigrelet|aigrelette|creux|creuse")
_desc("thin", "fr", "affine|affiner|allege|alleger|amincis|amincir", comparative=True)
_desc("thin", "en", "thin|thinness|skinny|lightweight|hollow")
_desc("thin", "en", "thinner|thin out|slim down", comparative=True)
_desc("hpf", "fr", "coupe bas|coupe basse|passe haut|filtre passe haut|hpf|filtre coupe bas")
_desc("hpf", "en", "high pass|highpass|hpf|low cut|lowcut|high pass filter")
_desc("warmth", "fr", "chaleur|chaud|chaude|chauds|chaudes|analogique|vintage|velours|veloute|veloutee|"
      "cocon|cosy|organique")
_desc("warmth", "fr", "rechauffe|rechauffer|rechauffes|rechauffez", comparative=True)
_desc("warmth", "fr", "froid|froide|froids|froides|clinique|numerique|sterile|glacial|glaciale", -1)
_desc("warmth", "en", "warm|warmth|analog|analogue|vintage|cozy|organic|tape|velvety")
_desc("warmth", "en", "warmer|warm up|warm it up", comparative=True)
_desc("warmth", "en", "cold|clinical|digital|sterile|icy", -1)
_desc("warmth", "en", "colder", -1, comparative=True)
_desc("saturation", "fr", "saturation|sature|saturee|satures|saturees|saturer|distorsion|distordu|distordue|"
      "disto|grain|crunch|crade|sale|drive|overdrive|harmoniques|rugueux|rugueuse|rugosite")
_desc("saturation", "fr", "salis|salir|salit", comparative=True)
_desc("saturation", "en", "saturation|saturated|distortion|distorted|dist|drive|overdrive|crunch|crunchy|grit|"
      "gritty|dirt|dirty|fuzz|fuzzy|harmonics|edge|grain|grainy|rough|raw")
_desc("saturation", "en", "dirtier|grittier|rougher|saturate|distort|dirty up|rough up", comparative=True)
_desc("compression", "fr", "compression|compresseur|compresse|compressee|compresses|compressees|compresser|"
      "comprime|comprimee|comprimer|ecrase|ecrasee|ecrases|ecrasees|ecraser|tasse|tassee|tenue|tenu|"
      "controle|controlee|constant|constante|regulier|reguliere|stable|homogene|egal|egale|egalise")
_desc("compression", "fr", "dynamique|dynamiques|vivant|vivante|naturel|naturelle|respire|respirer|souffler",
      -1)
_desc("compression", "en", "compression|compressor|compressed|compress|squash|squashed|squashy|controlled|"
      "control|consistent|steady|tight|tighter|smashed|smash|crushed|limited")
_desc("compression", "fr", "ratio|taux de compression")
_desc("compression", "en", "ratio|compression ratio")
_desc("compression", "en", "dynamic|dynamics|dynamic range|natural|breathe|breathing|alive|lively", -1)
_desc("punch", "fr", "punch|punchy|peche|pechu|pechue|pechus|patate|percutant|percutante|percutants|percussif|"
      "percussive|impact|claque|claquant|claquante|attaque|frappe|qui tape|tape|nerveux|nerveuse|energie|"
      "energique|dynamisme")
_desc("punch", "fr", "mou|molle|mous|molles|flasque|plat|plate|sans vie|mollasson", -1)
_desc("punch", "en", "punch|punchy|impact|snap|snappy|slap|attack|hit|hits|hitting|hard hitting|energy|"
      "energetic|drive hard|knock|thump|transients")
_desc("punch", "en", "punchier|snappier|hit harder|hits harder|knock harder", comparative=True)
_desc("punch", "en", "limp|flat|lifeless|weak sounding|flabby|soft punch", -1)
_desc("reverb", "fr", "reverb|reverbe|reverbs|reverberation|verb|rev|espace|ambiance|mouille|mouillee|"
      "profondeur|hall|plate|salle|spatialisation|envoi reverb|envoi de reverb|depart reverb")
_desc("reverb", "fr", "sec|seche|secs|seches|sechement|mat et sec", -1)
_desc("reverb", "fr", "asseche|assecher|asseches", -1, comparative=True)
_desc("reverb", "en", "reverb|reverbs|reverberation|verb|space|spacious|ambience|ambiance|wet|depth|hall|"
      "plate|reverb send|room sound")
_desc("reverb", "en", "wetter", comparative=True)
_desc("reverb", "en", "dry|dryness", -1)
_desc("reverb", "en", "drier|dryer|dry up|dry out", -1, comparative=True)
_desc("delay", "fr", "delay|delays|delai|delais|echo|echos|ping pong|envoi delay|envoi de delay|depart delay|"
      "slapback")
_desc("delay", "en", "delay|delays|echo|echoes|echos|ping pong|slapback|delay send|delay throw|throws")
_desc("width", "fr", "largeur|large|larges|stereo|ample|amples|ampleur|espace stereo|image stereo|spatial")
_desc("width", "fr", "elargis|elargir|elargit|elargissez|ouvre|ouvrir|ecarte|ecarter", comparative=True)
_desc("width", "fr", "etroit|etroite|etroits|etroites|mono|serre|serree|serres|serrees|centre|centree", -1)
_desc("width", "fr", "resserre|resserrer|resserrez|retrecis|retrecir|recentre|recentrer", -1, comparative=True)
_desc("width", "en", "width|wide|stereo|stereo width|spread|stereo image|spacious image|stereo field")
_desc("width", "en", "wider|widen|broaden|spread out", comparative=True)
_desc("width", "en", "narrow|mono|centered|centred", -1)
_desc("width", "en", "narrower|tighten the image|collapse|narrow down", -1, comparative=True)
_desc("glue", "fr", "glue|colle|cohesion|coherent|coherente|soude|soudee|compression de bus|compression du bus|"
      "compression du mix|compression du master")
_desc("glue", "en", "glue|glued|cohesion|cohesive|gel|bus compression|mix bus compression|glue compression")
_desc("duck", "fr", "ducking|sidechain|side chain|pompe|pompage|place pour la voix|de la place a la voix|"
      "place a la voix|espace pour la voix|la place pour la voix")
_desc("duck", "en", "ducking|duck|ducked|sidechain|side chain|pumping|room for the vocal|room for the vocals|"
      "space for the vocal|space for the vocals")

_desc("pan", "fr", "a droite|vers la droite|droite|sur la droite", comparative=True)
_desc("pan", "fr", "a gauche|vers la gauche|gauche|sur la gauche", -1, comparative=True)
_desc("pan", "en", "right|to the right|pan right|panned right", comparative=True)
_desc("pan", "en", "left|to the left|pan left|panned left", -1, comparative=True)

_desc("reverb_predelay", "fr", "pre delay|predelay|pre delai|predelai")
_desc("reverb_predelay", "en", "pre delay|predelay")
_desc("delay_feedback", "fr", "feedback|repetitions|reinjection")
_desc("delay_feedback", "en", "feedback|repeats|delay repeats")

# Qualifiers of a bus word ("reverb", "delay").
_qual("size", "fr", "taille|longueur|duree|queue|longue|long|longues|longs|grande|grand|grandes|immense|"
      "enorme|cathedrale|grande salle|decay|declin")
_qual("size", "fr", "agrandis|agrandir|agrandit|allonge|allonger|rallonge|rallonger", comparative=True)
_qual("size", "fr", "courte|court|courtes|courts|petite|petit|petites|petits|breve|serree", -1)
_qual("size", "fr", "raccourcis|raccourcir|raccourcit|reduis la taille", -1, comparative=True)
_qual("size", "en", "size|room size|length|decay|tail|long|big|large|huge|cathedral|massive")
_qual("size", "en", "longer|bigger|larger|lengthen|extend", comparative=True)
_qual("size", "en", "short|small|tiny|tight", -1)
_qual("size", "en", "shorter|smaller|shorten|tighter", -1, comparative=True)
_qual("width", "fr", "largeur|large|larges|stereo|ample|ampleur|spatial|image stereo")
_qual("width", "fr", "elargis|elargir|elargit|ouvre|ouvrir", comparative=True)
_qual("width", "fr", "etroit|etroite|etroits|etroites|mono|centree|centre", -1)
_qual("width", "fr", "resserre|resserrer|resserrez|retrecis|retrecir", -1, comparative=True)
_qual("width", "en", "width|wide|stereo|spread|stereo width")
_qual("width", "en", "wider|widen|broaden", comparative=True)
_qual("width", "en", "narrow|mono|centered", -1)
_qual("width", "en", "narrower", -1, comparative=True)
_qual("dark", "fr", "sombre|sombres|fonce|foncee|etouffe|etouffee|amortissement|amorti|amortie|mat|mate|"
      "feutre|feutree")
_qual("dark", "fr", "assombris|assombrir|assombrit", comparative=True)
_qual("dark", "fr", "brillant|brillante|brillants|brillantes|claire|clair|aigus|aigue|eclatante", -1)
_qual("dark", "en", "dark|damping|damped|muffled|dull")
_qual("dark", "en", "darker|darken|duller", comparative=True)
_qual("dark", "en", "bright|shiny|crisp", -1)
_qual("dark", "en", "brighter|brighten", -1, comparative=True)
_qual("predelay", "fr", "pre delay|predelay|pre delai|predelai|pre retard")
_qual("predelay", "en", "pre delay|predelay")
_qual("return", "fr", "retour|retours|return|niveau de retour|niveau du retour")
_qual("return", "en", "return|returns|return level")
_qual("feedback", "fr", "feedback|repetitions|repetition|reinjection|repetes|rebonds|persistance")
_qual("feedback", "en", "feedback|repeats|repeat|repetitions|regeneration|trails")
_qual("time", "fr", "temps|duree entre|tempo|division|vitesse")
_qual("time", "en", "time|timing|note value|division")

# Targets: track roles, the mix (master), the mix bus, every track.
_TARGETS_FR = {
    "lead_vocal": "voix|voix lead|voix principale|voix lead principale|lead|lead vocal|chant|chant principal|"
                  "chanteur|chanteuse|rap|mon rap|vocal|vocaux|voix du lead|ma voix|la voix|vox|topline",
    "double": "double|doubles|doublage|doublages|doublure|doublures",
    "adlib": "adlib|adlibs|ad lib|ad libs|adlibz|impro|impros|ad lib s",
    "backing_vocal": "backs|back|backing|backings|choeur|choeurs|harmonie|harmonies|voix de fond|voix d appui|"
                     "voix secondaires|backing vocals|choristes|bv|bvs",
    "instrumental": "instru|instrus|instrumental|instrumentale|beat|beats|prod|production|musique|instrument|"
                    "la prod|le beat|piste instrumentale",
    "kick": "kick|grosse caisse|kicks",
    "snare": "snare|caisse claire|snares",
    "drums": "drums|batterie|percus|percussions|drum|batteries",
    "bass": "basse|guitare basse|808|la basse|bass",
    "keys": "clavier|claviers|piano|pianos|rhodes|orgue|keys",
    "guitar": "guitare|guitares|gratte|grattes",
    "synth": "synthe|synthes|synthetiseur|synthetiseurs|synth|synths",
    "pad": "nappe|nappes|pad|pads",
    "fx": "fx|sfx|bruitages|effets sonores",
    "master": "master|mix|mixage|morceau|titre|son global|ensemble|global|globale|general|generale|"
              "tout le mix|le tout|tout le morceau|mix final|mastering",
    "bus": "bus|bus de mix|bus master|bus stereo|bus principal",
    "all": "partout|toutes les pistes|tous les tracks|toutes les voix et l instru|sur tout|chaque piste|"
           "toutes les pistes du mix|sur toutes les pistes|tout le monde",
}
_TARGETS_EN = {
    "lead_vocal": "vocal|vocals|voice|lead|lead vocal|lead vocals|main vocal|main vocals|lead voice|singer|"
                  "singing|rap|rapper|vox|lead vox|topline",
    "double": "double|doubles|doubling|doubled vocals|dubs|dub",
    "adlib": "adlib|adlibs|ad lib|ad libs|ad libbed|adlib track",
    "backing_vocal": "backing|backings|backing vocal|backing vocals|backs|bvs|bv|bgv|bgvs|background vocals|"
                     "background vocal|backgrounds|harmonies|harmony|choir|backing track vocals",
    "instrumental": "beat|beats|instrumental|instrumentals|instru|music|production|prod|track instrumental|"
                    "the beat",
    "kick": "kick|kick drum|bass drum|kicks",
    "snare": "snare|snares|snare drum",
    "drums": "drums|drum|drum kit|percussion|percussions|kit",
    "bass": "bass|bass guitar|bassline|808|808s|sub bass",
    "keys": "keys|keyboard|keyboards|piano|pianos|rhodes|organ",
    "guitar": "guitar|guitars",
    "synth": "synth|synths|synthesizer|synthesizers",
    "pad": "pad|pads",
    "fx": "fx|sfx|sound effects",
    "master": "master|mix|mixdown|song|whole mix|whole song|whole track|whole thing|overall|full mix|"
              "the track|entire mix|the record|record",
    "bus": "bus|mix bus|master bus|stereo bus|two bus|2 bus|main bus",
    "all": "everywhere|anywhere|all tracks|all the tracks|every track|each track|on everything|all of them|"
           "across the board|all the vocals and the beat",
}
for _role, _words in _TARGETS_FR.items():
    _add("target", "fr", _words, _role)
for _role, _words in _TARGETS_EN.items():
    _add("target", "en", _words, _role)
# Words that name an instrument only when the session has that instrument ("plus de basse",
# "more bass": the bass track if there is one, else the low end of the beat).
AMBIGUOUS_TARGETS: dict[str, str] = {"basse": "body", "bass": "body", "808": "body", "808s": "body",
                                     "la basse": "body", "sub bass": "body"}

# Direction cues.
_add("cue", "fr", "plus|augmente|augmenter|augmentes|augmentez|augmentons|monte|monter|montes|montez|remonte|"
     "remonter|remontes|remontez|rajoute|rajouter|ajoute|ajouter|ajoutes|ajoutez|ajout|renforce|renforcer|"
     "renforcez|accentue|accentuer|accentuez|pousse|pousser|poussez|booste|booster|boostez|hausse|hausser|releve|"
     "relever|amplifie|amplifier|davantage|encore plus|fais ressortir|faire ressortir|ressortir|ressorte|intensifie|"
     "intensifier|manque|manque de|manquent|manquent de|pas assez|pas assez de|trop peu|trop peu de|besoin de|"
     "il faut plus|il faudrait plus|mets plus|mettre plus|mets plus de|gonfle|gonfler|maximise|"
     "soit plus|plus de", "up")
_add("cue", "en", "more|increase|raise|boost|add|adding|up|turn up|bring up|push|push up|lift|enhance|bring out|"
     "pump up|higher|extra|needs more|need more|needs|need|lacks|lacking|missing|not enough|too little|"
     "isn t enough|crank|crank up|amp up|beef up|more of|give it more|add more|increase the|bump|bump up",
     "up")
_add("cue", "fr", "moins|moins de|baisse|baisser|baisses|baissez|diminue|diminuer|diminues|diminuez|reduis|reduire|"
     "reduisez|reduit|reduction|attenue|attenuer|attenuez|calme|calmer|calmez|descends|descendre|redescends|"
     "nettoie|nettoyer|nettoyez|limite|limiter|trop|trop de|pas trop|pas trop de|"
     "moins fort|retiens|modere|moderer|abaisse|abaisser|allege un peu|degage un peu", "down")
_add("cue", "en", "less|lower|reduce|reducing|decrease|down|turn down|bring down|pull back|pull down|pull it back|"
     "dial back|dial down|back off|back|tame|lessen|fewer|too|too much|over|excessive|excess|clean up|"
     "not too much|not so much|far too|less of|minus|cut back|turn it down|tone down|rein in", "down")
_add("cue", "fr", "enleve|enlever|enlevez|enleves|retire|retirer|retirez|supprime|supprimer|supprimez|vire|virer|"
     "virez|coupe|couper|coupez|desactive|desactiver|desactivez|pas de|pas d|sans|aucun|aucune|zero|arrete|"
     "arreter|stop|stoppe|elimine|eliminer|eliminez|efface|effacer|degage|degager|plus du tout|plus aucun|"
     "ne veux plus de|ne veux plus|je ne veux plus", "off")
_add("cue", "en", "no|remove|kill|get rid of|turn off|switch off|take out|take off|cut|cut out|disable|without|"
     "lose|drop|none|don t add|do not add|dont add|don t want|do not want|dont want|don t use|do not use|"
     "don t put|do not put|no more|zero|eliminate|strip|strip out|mute all|bypass|delete|ditch", "off")

# Intensity.
for _factor, _fr, _en in (
    (0.25, "un tout petit peu|un tout petit poil|tres legerement|a peine|imperceptiblement",
     "a tiny bit|a tiny touch|barely|the slightest bit|a hint"),
    (0.4, "un petit peu|un petit poil|juste un peu", "a little bit|just a bit|a hair|a smidge|a smidgen|a tad bit"),
    (0.5, "un peu|un poil|un chouia|un brin|legerement|subtilement|doucement|un tantinet|un soupcon|une touche",
     "a bit|a little|a touch|a tad|slightly|subtly|gently|somewhat|a notch|just a little|mildly|kinda"),
    (1.5, "vraiment|tres|bien|sensiblement|clairement|davantage encore|franchement plus",
     "really|very|noticeably|quite|definitely|clearly|a good bit"),
    (2.0, "beaucoup|nettement|largement|franchement|fortement|serieusement|vachement|pas mal",
     "a lot|lots|much|significantly|heavily|seriously|a lot of|a whole lot|plenty|loads"),
    (2.5, "carrement|enormement|drastiquement|radicalement|beaucoup beaucoup", "way|tons|a ton|massively|hugely|"
     "drastically|dramatically|much much|way way"),
    (3.0, "a fond|au maximum|a mort", "to the max|all the way|maxed out"),
):
    _add("intensity", "fr", _fr, _factor)
    _add("intensity", "en", _en, _factor)

# Negation of a verb ("ne baisse pas la voix": nothing to do), and "not ... enough".
_add("neg", "fr", "ne|n|pas|jamais|non")
_add("neg", "en", "not|don t|do not|dont|never|doesn t|isn t|aren t|isnt|arent|didn t|won t|shouldn t")
_add("enough", "fr", "assez|suffisamment|suffisant|suffisante")
_add("enough", "en", "enough|sufficiently")
# "trop forte par rapport au beat": the beat is the reference, not a target.
_add("ref", "fr", "par rapport a|par rapport au|par rapport aux|comparee a|compare a|face a|face au|vis a vis de|"
     "au dessus de|au dessus du|devant le|devant la")
_add("ref", "en", "compared to|relative to|against|over the beat|over the music|above the beat|next to|"
     "in relation to|than the beat|than the music")
_add("copula", "fr", "est|sont|sonne|sonnent|parait|paraissent|semble|semblent|c est|ca sonne|c etait|etait|"
     "devient|reste|trouve")
_add("copula", "en", "is|are|sounds|sound|seems|seem|feels|feel|looks|s|was|were|gets|get|comes across")
_add("prep", "fr", "sur|dans|de|du|des|d|a|au|aux|pour|avec|chez")
_add("prep", "en", "on|in|to|for|of|from|with|at|across")
_add("pronoun", "en", "it|them|its|their|those|that one")
_add("verb", "fr", "rends|rendre|rend|rendez|mets|mettre|met|mettez|fais|faire|fait|faites|donne|donner|donnez|"
     "applique|appliquer|garde|garder|laisse|laisser|veux|voudrais|aimerais|peux|pourrais|pourrait|"
     "j aimerais|je veux|je voudrais|essaie|essaye|tente|ajuste|regle|regler|change|modifie|corrige")
_add("verb", "en", "make|give|set|put|render|apply|get|keep|leave|want|like|could|can|would|try|adjust|change|"
     "fix|tweak|turn|bring|let|have|use")
_add("polite", "fr", "stp|svp|s il te plait|s il vous plait|merci|please|voila|ok|bon|alors|ensuite|aussi|"
     "encore|juste|peut etre|un truc|genre|quoi|hein|oui|bien sur|du coup|en fait|franchement")
_add("polite", "en", "please|thanks|thank you|pls|plz|ok|okay|also|just|maybe|perhaps|again|still|then|now|"
     "overall sound|kind of|sort of|bit more|yeah")

# Conjunctions that separate requests.
CONJUNCTIONS: frozenset[str] = frozenset({
    "et", "puis", "mais", "ensuite", "ainsi que", "tandis que", "alors que", "par contre", "sinon", "ou",
    "and", "then", "but", "also", "plus also", "while", "whereas", "as well as", "and also", "et aussi",
})

# Words that carry no request (articles, pronouns, fillers): never "corrected" and, alone in a
# clause, not reported as not understood.
STOPWORDS: frozenset[str] = frozenset("""
la le les l un une des du de d et ou a au aux en sur dans pour par avec sans que qu qui quoi ce cette ces cet
c mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je j tu il elle on nous vous ils elles me m
te t se s y ne n pas plus moins tres trop bien peu tout tous toute toutes ca cela ceci celle celui ici la-bas
est sont etre avoir ai as avons avez ont fais fait faut faudrait veux voudrais aimerais peux pourrais peut
merci stp svp oui non si comme quand parce encore juste vraiment aussi donc alors the a an and or of to in
on at for with by from is are it its this that these those my your our their i you he she we they me us
them be been was were do does did not no yes so too very just please can could would should will want like
need needs make get set put have has had some any all each every much many more less most least also then
but if as up down out off over into than let lets how what there here really thing things bit part parts
little lot piste pistes track tracks son sons sound sounds mix voix version moment passage refrain couplet
chorus verse intro outro hook drop section partie fois time times whole entire better best worse good bad
great nice sit sits sitting feel vibe mieux meilleur meilleure pire bon bonne mauvais mauvaise beau belle trouve
trouves pense think sure want wants wanted work works fine okay right wrong same other autre autres than que
ceci tout toutes faire rendre today maybe probably bien trop assez jour
""".split())

# Words that make an instruction French or English, beyond the lexicon's own words.
LANG_HINTS: dict[str, frozenset[str]] = {
    "fr": frozenset("la le les des du de et un une sur dans pour avec plus moins est sont voix trop peu tres "
                    "mets rends fais enleve baisse monte augmente ajoute je tu ma mon".split()),
    "en": frozenset("the a an and on in for with more less is are vocal vocals too make turn add remove "
                    "please it my i".split()),
}


@dataclass(frozen=True)
class RoleLabel:
    en: str
    fr: str


ROLE_LABELS: dict[str, RoleLabel] = {
    "lead_vocal": RoleLabel("lead vocal", "voix lead"),
    "double": RoleLabel("double", "doublage"),
    "adlib": RoleLabel("adlibs", "adlibs"),
    "backing_vocal": RoleLabel("backing vocals", "chœurs"),
    "instrumental": RoleLabel("beat", "instru"),
    "kick": RoleLabel("kick", "kick"),
    "snare": RoleLabel("snare", "caisse claire"),
    "drums": RoleLabel("drums", "batterie"),
    "bass": RoleLabel("bass", "basse"),
    "keys": RoleLabel("keys", "claviers"),
    "guitar": RoleLabel("guitar", "guitare"),
    "synth": RoleLabel("synth", "synthé"),
    "pad": RoleLabel("pad", "nappe"),
    "fx": RoleLabel("fx", "fx"),
    "other": RoleLabel("track", "piste"),
    "reverb": RoleLabel("reverb bus", "bus de reverb"),
    "delay": RoleLabel("delay bus", "bus de delay"),
    "bus": RoleLabel("mix bus", "bus de mix"),
    "master": RoleLabel("master", "master"),
}


@dataclass
class Vocabulary:
    """Everything the speller may correct towards, and the words it must leave alone."""

    words: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)


def vocabulary() -> Vocabulary:
    words = {word for phrase in PHRASES for word in phrase.split() if len(word) > 1 and word.isalpha()}
    words |= {word for conj in CONJUNCTIONS for word in conj.split()}
    known = set(STOPWORDS) | {"db", "hz", "khz", "lufs", "lu", "ms", "dbfs", "dbtp", "pourcent", "percent",
                              "decibel", "decibels", "hertz", "ratio", "k"}
    return Vocabulary(words, known)
