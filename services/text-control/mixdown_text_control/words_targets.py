"""Words naming what an instruction changes: a track by its role (the roles of
:data:`mixdown.catalog.ROLES`), the whole mix, the mix bus, every track; and the labels that
name them back in explanations (data; see :mod:`.lexicon`).
"""

from __future__ import annotations

from dataclasses import dataclass

from mixdown.catalog import ROLES
from mixdown.mixparams import BUS_NAMES
from mixdown_text_control.lexicon import Words, words

# A track, by its role.
ROLE_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "lead_vocal": "paroles|voix|voie|vois|voix lead|voix principale|voix lead principale|lead|lead vocal|chant|chant principal|"
                      "chanteur|chanteuse|rap|mon rap|vocal|vocaux|voix du lead|ma voix|la voix|vox|topline|soliste|"
                      "voix off|la voix off|une voix off|narrateur|narratrice|narration|gars qui chante|mec qui chante|"
                      "meuf qui chante|fille qui chante|type qui chante|gars qui rappe|mec qui rappe",
        "double": "double|doubles|doublage|doublages|doublure|doublures",
        "adlib": "adlib|adlibs|ad lib|ad libs|adlibz|impro|impros|ad lib s",
        "backing_vocal": "backs|back|backing|backings|choeur|choeurs|harmonie|harmonies|voix de fond|voix d appui|"
                         "voix secondaires|backing vocals|choristes|bv|bvs|chorale|chorales|coros|coro|voix d harmonie|"
                         "la voix d harmonie|voix d harmonies|voix harmonie|voix des choeurs|les voix des choeurs",
        "instrumental": "instru|instrus|instrumental|instrumentale|beat|beats|prod|production|musique|instrument|"
                        "la prod|le beat|piste instrumentale",
        "kick": "kick|grosse caisse|kicks|kik",
        "snare": "snare|caisse claire|snares|caisse",
        "drums": "drums|batterie|percu|percus|percussions|drum|batteries|charley|charleston|hi hat|hi hats|cymbales|toms|"
                 "overheads|overhead|oh|micros d ambiance|cymbale|timbales|timbale|balais|ride|crash|tom|fut|futs",
        "bass": "basse|guitare basse|808|la basse|bass|sub|le sub|contrebasse|contre basse|log drum|log drums|"
                "ligne de basse|lignes de basse",
        "keys": "clavier|claviers|piano|pianos|rhodes|orgue|keys",
        "guitar": "guitare|guitares|gratte|grattes|gtr|gtrs",
        "synth": "synthe|synthes|synthetiseur|synthetiseurs|synth|synths",
        "pad": "nappe|nappes|pad|pads",
        "fx": "fx|sfx|bruitages|effets sonores",
    },
    "en": {
        "lead_vocal": "lyrics|vocal|vocals|voice|lead|lead vocal|lead vocals|main vocal|main vocals|lead voice|singer|"
                      "singing|rap|rapper|vox|lead vox|topline|voice over|voiceover|narrator|narration",
        "double": "double|doubles|doubling|doubled vocals|dubs|dub",
        "adlib": "adlib|adlibs|ad lib|ad libs|ad libbed|adlib track",
        "backing_vocal": "backing|backings|backing vocal|backing vocals|backs|bvs|bv|bgv|bgvs|background vocals|"
                         "background vocal|backgrounds|harmonies|harmony|choir|choirs|backing track vocals|chorus vocals|"
                         "chorus voices|coros",
        "instrumental": "beat|beats|instrumental|instrumentals|instru|music|production|prod|track instrumental|"
                        "the beat",
        "kick": "kick|kick drum|bass drum|kicks|kik",
        "snare": "snare|snares|snare drum|rimshot|rimshots|rim shot|sidestick|side stick",
        "drums": "drums|drum|drum kit|percussion|percussions|kit|perc|percs|hi hats|hi hat|hihats|hihat|hats|cymbals|toms|"
                 "overheads|overhead|room mics|oh|ohs|cymbal|timpani|timps|brushes|ride|ride cymbal|crash|tom",
        "bass": "bass|bass guitar|bassline|808|808s|sub bass|sub|the sub|upright bass|double bass|upright|"
                "log drum|log drums",
        "keys": "keys|keyboard|keyboards|piano|pianos|rhodes|organ",
        "guitar": "guitar|guitars|gtr|gtrs",
        "synth": "synth|synths|synthesizer|synthesizers",
        "pad": "pad|pads",
        "fx": "fx|sfx|sound effects",
    },
}
# The whole mix (the master's loudness, or the mix bus), every track and bus together ("tout le
# mix de 2 dB": the mix bus's trim), the mix bus, every track.
MIX_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "master": "master|mix|mixage|morceau|titre|son global|ensemble|global|globale|general|generale|"
                  "mix final|mastering|mon son|ma chanson|ma track|mon morceau|mon titre",
        "mix": "tout le mix|le tout|tout le morceau|le mix entier|tout le son|l ensemble du mix",
        "bus": "bus|bus de mix|bus master|bus stereo|bus principal",
        "all": "partout|toutes les pistes|tous les tracks|toutes les voix et l instru|sur tout|chaque piste|"
               "toutes les pistes du mix|sur toutes les pistes|tout le monde",
    },
    "en": {
        "master": "master|mix|mixdown|song|whole song|whole track|overall|the track|the record|record|"
                  "final track|the final track|final mix|the final mix|my song|my track",
        "mix": "whole mix|whole thing|full mix|everything|entire mix|the entire mix|the whole mix",
        "bus": "bus|mix bus|master bus|stereo bus|two bus|2 bus|main bus",
        "all": "everywhere|anywhere|all tracks|all the tracks|every track|each track|on everything|all of them|"
               "across the board|all the vocals and the beat",
    },
}
TARGET_WORDS: tuple[Words, ...] = tuple(
    words("target", lang, table[target], target)
    for lang in ("fr", "en")
    for table, names in ((ROLE_WORDS[lang], ROLES), (MIX_WORDS[lang], tuple(MIX_WORDS[lang])))
    for target in names
    if target in table
)

# A role the session lacks, named explicitly, and the role whose tracks play that part instead
# ("les backs" in a session whose backing layers are doubles).
# (Not the other way: "dub", a word for the doubles, is also a style: "a dub echo".)
STAND_IN_ROLES: dict[str, tuple[str, ...]] = {"backing_vocal": ("double",)}
# Words for the sound a noise track carries: after a word of that track's name, part of its name
# ("the vinyl crackle" for Vinyl_noise.wav), not a quality of the sound.
NOISE_WORDS = frozenset({"crackle", "crackles", "crackling", "noise", "noises", "hiss", "bruit", "bruits",
                         "craquement", "craquements", "crepitement", "crepitements", "souffle"})

# Words for one part of an instrument or one microphone on it (kit pieces, DI and mic): in a
# session where one file of the role names it, that file, not every track of the role ("the
# ride" for Ride_spot.wav beside Drums_OH.wav; "les room" for Room_mics.wav).
PART_WORDS = frozenset({"ride", "crash", "hats", "hihat", "hihats", "hh", "oh", "overheads", "overhead", "toms",
                        "tom", "cymbals", "cymbales", "cymbal", "cymbale", "brushes", "balais", "timpani",
                        "timbales", "room", "rooms", "spot", "di", "mic", "mics", "micro", "micros", "amp",
                        "ampli", "clap", "claps", "shaker", "conga", "congas",
                        "bongo", "bongos", "tambourine", "tambourin"})

# Other spellings of a part word ("le micro" for Contrebasse_mic.wav).
PART_SPELLINGS: dict[str, tuple[str, ...]] = {"mic": ("micro", "micros", "mike"), "mics": ("micros", "mikes"),
                                              "hats": ("hi hats", "charley"), "oh": ("overheads", "overhead"),
                                              "ride": ("cymbale ride",), "amp": ("ampli", "amplis"), "cymbals": ("cymbales", "cymbale"),
                                              "cymbal": ("cymbale", "cymbales"), "cymbales": ("cymbals", "cymbal"),
                                              "balais": ("brushes",), "brushes": ("balais",),
                                              "timpani": ("timbales", "timbale"), "timbales": ("timpani", "timps")}

# Words that name an instrument only when the session has that instrument ("plus de basse",
# "more bass": the bass track if there is one, else the low end of the beat).
AMBIGUOUS_TARGETS: dict[str, str] = {"basse": "body", "bass": "body", "808": "body", "808s": "body",
                                     "la basse": "body", "sub bass": "body", "sub": "body", "le sub": "body",
                                     "the sub": "body",
                                     # the hats of a beat without a drum track are its top end
                                     "hats": "brightness", "hi hats": "brightness", "hihats": "brightness",
                                     "hi hat": "brightness", "cymbals": "brightness", "cymbales": "brightness",
                                     "charley": "brightness"}


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
    "mix": RoleLabel("whole mix", "tout le mix"),
}

# Every role has a label, and words name roles the catalogue knows ("other" has none: it is
# what a track without a named role is).
_unknown = sorted({role for table in ROLE_WORDS.values() for role in table} - set(ROLES))
_unlabelled = sorted(set(ROLES) - set(ROLE_LABELS)) + sorted(set(BUS_NAMES) - set(ROLE_LABELS))
if _unknown or _unlabelled:
    raise RuntimeError(f"text-control words: unknown roles {_unknown}, roles or buses without a label {_unlabelled}")

# What file names call an instrument, in the other language (and its common spellings): a
# track "Trumpet.wav" is "la trompette", "Cordes.wav" "the strings". Words of one file name only;
# never a word of the lexicon ("room", "ambiance" are reverb words: "Room_mics.wav" is "les
# micros room", not "la room").
# What a file-name abbreviation or tag stands for, as a qualifier beside the role's word ("Elec_gtr.wav":
# "the electric guitar"; "BV_high.wav": "les backs aigus"; "Keys_EP.wav": "the electric piano").
NAME_ABBREVIATIONS: dict[str, str] = {
    "elec": "electric|electrique|electro|elec", "el": "electric|electrique", "ac": "acoustic|acoustique|acou",
    "acc": "acoustic|acoustique", "acou": "acoustic|acoustique", "ac1": "acoustic|acoustique",
    "high": "aigu|aigus|aigue|aigues|haut|hautes|hauts|high|hi", "hi": "aigu|aigus|aigue|aigues|high|haut|hautes|alto",
    "low": "grave|graves|bas|basses|low|lo", "lo": "grave|graves|bas|low",
    "ep": "electric piano|piano electrique|e piano|ep", "pno": "piano", "dbl": "double|doubles|doublure",
    "harm": "harmony|harmonies|harmonie", "rhy": "rhythm|rythmique", "rhythm": "rythmique", "rythm": "rhythm",
    "di": "di|direct", "amp": "ampli|amp",
    "synth": "synthe|synthes|synthetique|synthetiseur", "keys": "clavier|claviers", "gtr": "guitare|gratte",
    "btm": "bottom|dessous|bas", "bot": "bottom|dessous|bas", "top": "top|dessus|haut",
    "dist": "distorted|disto|distordue|saturee|saturees|crunch", "clean": "claire|clair|propre|clean",
    # The instrument that plays the melody's part, by either name ("gratte_solo.wav": "the lead guitar").
    "solo": "lead|soliste", "lead": "solo|soliste", "rythmique": "rhythm|rythm|rhythmic",
}
NAME_GLOSSES: dict[tuple[str, ...], str] = {
    # Trumpets are "the horns", "les cuivres" in a band's talk (as long as no other file is).
    ("trumpet",): "trompette|trompettes|horns|horn section|brass|cuivres",
    ("trompette",): "trumpet|trumpets|horns|horn section|brass|cuivres",
    ("trumpets",): "trompettes|trompette|horns|horn section|brass|cuivres",
    ("trompettes",): "trumpets|trumpet|horns|horn section|brass|cuivres", ("cello",): "violoncelle|violoncelles|celli",
    ("violoncelle",): "cello|cellos", ("strings",): "cordes|les cordes|string", ("string",): "cordes|strings",
    ("cordes",): "strings|string", ("violin",): "violon|violons", ("violins",): "violons|violon",
    ("violon",): "violin|violins", ("violons",): "violins|violin",
    # A podcast's people ("invitee_mic2.wav": "the guest"; "hote_mic1.wav": "the host").
    ("invitee",): "guest|invite|l invitee|l invite", ("invite",): "guest|invitee",
    ("hote",): "host|animateur|animatrice", ("sax",): "saxo|saxophone|saxs", ("saxo",): "sax|saxophone",
    ("flute",): "flutes|flute traversiere", ("horns",): "cuivres|cors|horn", ("brass",): "cuivres|cuivre",
    ("cuivres",): "brass|horns", ("choir",): "chorale|choirs", ("chorale",): "choir",
    ("bell",): "cloche|cloches|bells", ("bells",): "cloches|cloche|bell", ("cloches",): "bells|bell",
    ("melody",): "melodie|melodies|la melo", ("melodie",): "melody|melodies", ("organ",): "orgue|orgues", ("orgue",): "organ", ("accordion",): "accordeon", ("accordeon",): "accordion",
    ("clap",): "claps|clappe|clapping", ("claps",): "clap", ("shaker",): "shakers", ("tambourine",): "tambourin",
    ("upright", "bass"): "contrebasse|contre basse|double bass|upright", ("contrebasse",): "upright bass|double bass",
    ("drum", "machine"): "boite a rythmes|boite a rythme|boite a rythm|drum machine",
    ("room", "mics"): "micros room|micros d ambiance|micros ambiance|room mics|room mic|mics room",
    ("overheads",): "over heads|oh|micros overhead",
    # Spanish and other file names of a latin or folk session ("Acordeon.wav", "Guitarra.wav").
    ("acordeon",): "accordion|accordions|accordeon|accordeons", ("guitarra",): "guitare|guitar",
    ("bajo",): "basse|bass", ("trompeta",): "trompette|trompettes|trumpet|trumpets",
    ("trombon",): "trombone|trombones", ("celli",): "cello|cellos|violoncelle|violoncelles",
    ("cellos",): "violoncelle|violoncelles", ("violas",): "alto|altos|viola", ("coros",): "choeurs|chorus vocals|chorus voices|choir",
    ("fiddle",): "violon|violin", ("viola",): "alto|altos|violas", ("alto",): "viola",
    ("piano", "droit"): "upright piano|piano droit", ("pno", "grand"): "piano a queue|grand piano|piano|le grand",
    ("grand", "piano"): "piano a queue|grand piano", ("hammond",): "orgue|organ|b3",
    ("arp",): "arpege|arpeges|arpeggio|arpeggios|arpegiateur|arpeggiator",
    ("perc", "loop"): "boucle de percus|boucle de percu|boucle de percussions|boucle percus|loop de percus|"
                      "percussion loop|loop",
    # Kit pieces told by their place ("la caisse claire du dessus" for Snare_top.wav).
    ("snare", "top"): "caisse claire du dessus|caisse claire du haut|caisse claire dessus|snare du dessus|"
                      "snare du haut|top snare|top de la caisse claire",
    ("snare", "btm"): "caisse claire du dessous|caisse claire du bas|snare du dessous|bottom snare|snare bottom",
    ("snare", "bottom"): "caisse claire du dessous|caisse claire du bas|caisse claire dessous|snare du dessous|"
                         "snare du bas|bottom snare|timbre de la caisse claire",
    ("tom", "floor"): "tom basse|tom bas|tom grave|floor tom|gros tom|floor", ("floor", "tom"): "tom basse|tom grave|floor",
    ("tom", "1"): "rack tom|tom aigu|petit tom|high tom|rack",
    ("tom", "rack"): "rack tom|tom aigu|tom alto|petit tom|rack", ("rack", "tom"): "tom aigu|petit tom|rack",
    # People of a podcast and descriptions of a part ("l'invité", "la voix saturée", "le tapis musical").
    ("guest",): "invite|invitee|l invite|l invitee", ("host",): "animateur|animatrice|presentateur|host|hote",
    ("scream",): "voix saturee|voix criee|voix hurlee|screams|screamed vocal|cri", ("music", "bed"):
    "tapis musical|tapis|fond musical|musique de fond|background music|music bed",
    ("room",): "micro room|micros room|room mic|room mics|micro d ambiance|micros d ambiance",
}
