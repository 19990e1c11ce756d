"""The session's tracks by the names artists give them: the file name, the name without its
extension, the words only one file name has ("feat_marco.wav": "marco"), and the side a file name
carries ("GTR_R.wav": "la gratte de droite", "the right guitar"), and a word of the file name
next to a word of the track's role ("gtr_lead.wav": "the lead guitar", "la gratte lead";
"BGV_Hook.wav": "the hook vocals"), even when that word means something else alone ("lead",
"hook") or is spelt otherwise ("gtr_rythm_L.wav": "the rhythm guitar", "la gratte rythmique")."""

from __future__ import annotations

import re

from mixdown_text_control.edits import Session
from mixdown_text_control.normalise import fold
from mixdown_text_control.phrasebook import PHRASES
from mixdown_text_control.song_kinds import GENRES
from mixdown_text_control.words_foreign import FOREIGN_GLOSSES
from mixdown_text_control.words_grammar import STOPWORDS
from mixdown_text_control.words_targets import (
    AMBIGUOUS_TARGETS,
    NAME_ABBREVIATIONS,
    NAME_GLOSSES,
    NOISE_WORDS,
    PART_SPELLINGS,
    PART_WORDS,
    ROLE_WORDS,
)

AUDIO_EXTENSIONS = frozenset({"wav", "wave", "aif", "aiff", "flac", "mp3", "ogg", "m4a", "aac"})
# Words of file names that say nothing about which track it is ("Lead_Vox_final.wav").
NAME_FILLERS = frozenset({"final", "mix", "master", "stem", "stems", "track", "tracks", "take", "print", "bounce",
                          "copy", "edit", "new", "old", "rest", "main", "version", "audio", "bus", "wet", "dry",
                          "left", "right", "mono", "stereo", "full", "comp", "tuned", "clean", "raw"})
MIN_NAME_WORD_CHARS = 3
# An abbreviation's adjective said alone after an article ("the acoustic") is long enough to name.
MIN_ADJECTIVE_NOUN_CHARS = 5
# A qualifier beside the role's word may be shorter ("la basse DI", "l'EP" beside other keys).
MIN_QUALIFIER_CHARS = 2
# Between the names of a group of tracks one phrase names ("les guitares rythmiques"): a
# character no file name has.
GROUP_SEPARATOR = "\n"
NAME_ARTICLES = ("le", "la", "les", "l", "the")
# A side in a file name ("GTR_L", "Keys_right") and its word in each language.
_RIGHT = {"fr": "droite", "en": "right"}
_LEFT = {"fr": "gauche", "en": "left"}
# Vocal roles also answer to the generic words for a voice ("the hook vocals": BGV_Hook.wav).
VOCAL_ROLES = frozenset({"lead_vocal", "double", "adlib", "backing_vocal"})
VOCAL_WORDS = {"fr": "voix|vocal|vocaux|vox", "en": "vocal|vocals|vox|voice|voices"}
_VOCAL_NOUNS = frozenset(w for words in VOCAL_WORDS.values() for w in words.split("|"))
# Adjective endings a qualifier takes in speech ("rythm" → "rythmique", "rhythmic").
QUALIFIER_SUFFIXES = ("", "s", "ique", "iques", "ic", "ical")
# A rank in a file name ("Violin_II", "Tom1") and the words for it in speech.
ORDINAL_NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
ORDINAL_WORDS = {1: ("first", "1st", "premier", "premiere", "premiers", "premieres", "1er", "1ere"),
                 2: ("second", "2nd", "seconde", "seconds", "secondes", "deuxieme", "deuxiemes", "2e", "2eme"),
                 3: ("third", "3rd", "troisieme", "troisiemes", "3e", "3eme"),
                 4: ("fourth", "4th", "quatrieme", "quatriemes", "4e", "4eme")}
SIDES = {"r": _RIGHT, "right": _RIGHT, "rt": _RIGHT, "d": _RIGHT, "l": _LEFT, "left": _LEFT, "lt": _LEFT,
         "g": _LEFT}


_CAMEL = re.compile(r"([a-z])([A-Z][a-z])")


def name_words(name: str) -> tuple[str, ...]:
    """A file name's words as an instruction's tokens are cut: letters and digits apart
    ("LV_take3.wav" → lv, take, 3, wav), and words joined in camel case apart ("AcGtr_strum.wav"
    → ac, gtr, strum), so the name typed in a sentence, or a word of it, matches it."""
    return tuple(re.findall(r"[a-z]+|[0-9]+", fold(_CAMEL.sub(r"\1_\2", name)).text))


def track_phrases(session: Session) -> dict[tuple[str, ...], str]:
    """The session's track names as folded word tuples → the name: the whole name, the name
    without its extension ("feat_marco.wav" → ("feat", "marco")) and each word of it that only
    this track's name has and that is not a word of the lexicon ("marco", "risers"); none for a
    session without tracks, nor names that are stopwords."""
    phrases: dict[tuple[str, ...], str] = {}
    if session.virtual:
        return phrases
    words_of = {name: name_words(name) for name in session.track_names()}
    counts: dict[str, int] = {}
    for words in words_of.values():
        for word in set(words):
            counts[word] = counts.get(word, 0) + 1
    for name, words in words_of.items():
        stem = words[:-1] if len(words) > 1 and words[-1] in AUDIO_EXTENSIONS else words
        whole = tuple(re.findall(r"[a-z]+|[0-9]+", fold(name).text))
        for variant in (words, stem, whole, whole[:-1] if whole[-1:] and whole[-1] in AUDIO_EXTENSIONS else whole):
            if variant and " ".join(variant) not in STOPWORDS:
                phrases.setdefault(variant, name)
        if len(stem) == 2 and not stem[1].isdigit() and stem[1] not in SIDES:
            phrases.setdefault((stem[1], stem[0]), name)  # "Gtr_solo.wav": "the solo gtr" too
        side = SIDES.get(next((w for w in stem if w in SIDES), ""))
        if side:
            # "GTR_R.wav": "la gratte de droite", "la gratte droite", "the right guitar" (not
            # "pan the guitar right", which is a direction).
            for lang, word in side.items():
                for role_word in ROLE_WORDS[lang].get(session.role_of(name), "").split("|"):
                    role = tuple(role_word.split())
                    variants = ((*role, "de", word), (*role, word)) if lang == "fr" else ((word, *role),)
                    for variant in variants:
                        phrases.setdefault(variant, name)
            _sided(phrases, name, stem, side, session.role_of(name))
        _qualified(phrases, name, stem, session)
        _glossed(phrases, name, stem, counts, words_of)
        _ordinal(phrases, name, stem, words_of)
        for word in stem:
            if counts[word] == 1 and _borrowed(word, session.role_of(name), words_of, session):
                phrases.setdefault((word,), name)
        for word in stem:
            if word in GENRES and len(stem) > 1:
                continue  # "perc_drill.wav": "les backs du drill" is the genre; "the drill perc" names it
            if counts[word] == 1 and len(word) >= MIN_NAME_WORD_CHARS and word not in STOPWORDS \
                    and word not in NAME_FILLERS and word not in PHRASES and word not in AUDIO_EXTENSIONS \
                    and not word.isdigit():
                phrases.setdefault((word,), name)
                # "the chops" for "vox_chop.wav", "the loop" for "loops.wav"
                plural = word[:-1] if word.endswith("s") else f"{word}s"
                if plural not in PHRASES and plural not in STOPWORDS:
                    phrases.setdefault((plural,), name)
            elif counts[word] == 1 and len(word) >= MIN_QUALIFIER_CHARS and word not in PHRASES and \
                    word not in AUDIO_EXTENSIONS and word not in SIDES and \
                    (word not in STOPWORDS or len(word) >= MIN_NAME_WORD_CHARS) and \
                    (not word.isdigit() or len(word) >= MIN_NAME_WORD_CHARS):
                # A word that says nothing alone ("clean", "hook": a section; "EP", "909") names the
                # one track that has it after an article ("la clean", "le hook", "the EP", "the 909").
                for article in NAME_ARTICLES:
                    phrases.setdefault((article, word), name)
        _joined(phrases, name, whole, words_of)
        if len(stem) == 2 and all(w.isalpha() for w in stem):
            # "Strings_bus.wav": "the string bus"; "Vox_chop.wav": "the vox chops".
            for k, word in enumerate(stem):
                other = word[:-1] if word.endswith("s") and len(word) > 3 else f"{word}s"
                variant = (*stem[:k], other, *stem[k + 1:])
                if variant not in PHRASES and " ".join(variant) not in PHRASES:
                    phrases.setdefault(variant, name)
    _noisy(phrases, session)
    _parts(phrases, words_of, session)
    return phrases


def _joined(phrases: dict[tuple[str, ...], str], name: str, whole: tuple[str, ...],
            words_of: dict[str, tuple[str, ...]]) -> None:
    """A camel-case word typed as one ("SuperSaw_lead.wav": "le supersaw", "the supersaws") names
    its track when no other file holds it and the lexicon does not know it."""
    for word in whole:
        if word in words_of[name] or len(word) < MIN_NAME_WORD_CHARS or word in PHRASES or word in STOPWORDS:
            continue
        if any(word in tuple(re.findall(r"[a-z]+|[0-9]+", fold(other).text)) for other in words_of if other != name):
            continue
        phrases.setdefault((word,), name)
        phrases.setdefault((f"{word}s",), name)


def _parts(phrases: dict[tuple[str, ...], str], words_of: dict[str, tuple[str, ...]], session: Session) -> None:
    """A kit piece or a microphone that one file name has, or the files of one role ("Ride_spot.wav": "the ride";
    "Room_mics.wav": "les room") names that file; a word that is also a sound word ("room")
    only after an article, so that "more room" stays the reverb's size (and only then, so that
    the article does not cut a longer name after it: "les micros d'ambiance")."""
    for part in PART_WORDS:
        owners = [name for name, words in words_of.items() if part in words]
        if not owners or (len(owners) > 1 and len({session.role_of(n) for n in owners}) > 1):
            continue
        # Several files of one role ("OH_L.wav", "OH_R.wav"): "the overheads" are those together.
        named = track_group(owners)
        sound_word = any(e.kind != "target" for e in PHRASES.get(part, ()))
        spellings = _plurals(part) if not part.endswith("s") else {part}
        for spelling in [*spellings, *PART_SPELLINGS.get(part, ())]:
            if not sound_word:
                phrases.setdefault(tuple(spelling.split()), named)
                continue
            for article in NAME_ARTICLES:
                phrases.setdefault((article, *spelling.split()), named)


def _noisy(phrases: dict[tuple[str, ...], str], session: Session) -> None:
    """"the vinyl crackle" for Vinyl_noise.wav or vinyl_fx.wav: a word naming an effect track alone,
    then a word for the noise it carries, is that track, not a quality of its sound."""
    noisy = [name for name in session.track_names() if set(name_words(name)) & NOISE_WORDS]
    for phrase, name in list(phrases.items()):
        if len(phrase) == 1 and session.role_of(name) in ("fx", "other") and phrase[0] not in NOISE_WORDS:
            for noise in NOISE_WORDS:
                phrases.setdefault((phrase[0], noise), name)
    if len(noisy) == 1:
        # "the crackle is too loud" beside Vinyl_noise.wav: the one noise track.
        for noise in NOISE_WORDS:
            phrases.setdefault((noise,), noisy[0])


def _sided(phrases: dict[tuple[str, ...], str], name: str, stem: tuple[str, ...], side: dict[str, str],
           role: str) -> None:
    """A side beside another word of the file name ("BGV_stack_L.wav": "le stack L", "le stack
    gauche"; "Gtr_rhythm_L.wav": "la rythmique gauche", "the left rhythm", "la gratte rythmique
    gauche", "the left rhythm guitar")."""
    letter = next(w for w in stem if w in SIDES)
    for word in stem:
        if word == letter or len(word) < MIN_NAME_WORD_CHARS or not word.isalpha() or word in AUDIO_EXTENSIONS:
            continue
        for spelling in _spellings(word):
            for role_word in ROLE_WORDS["fr"].get(role, "").split("|"):
                if role_word:
                    phrases.setdefault((*role_word.split(), spelling, side["fr"]), name)
                    phrases.setdefault((*role_word.split(), spelling, "de", side["fr"]), name)
            for role_word in ROLE_WORDS["en"].get(role, "").split("|"):
                if role_word:
                    phrases.setdefault((side["en"], spelling, *role_word.split()), name)
    for word in stem:
        if word == letter or word in SIDES or len(word) < MIN_NAME_WORD_CHARS or not word.isalpha() or \
                word in AUDIO_EXTENSIONS or word in STOPWORDS:
            continue
        for spelling in _spellings(word):
            # (Not "<word> left" in English: "pan the double left" is a direction.)
            for variant in ((spelling, letter), (spelling, side["fr"]), (spelling, "de", side["fr"]),
                            (side["en"], spelling)):
                phrases.setdefault(variant, name)


def _borrowed(word: str, role: str, words_of: dict[str, tuple[str, ...]], session: Session) -> bool:
    """Whether ``word`` of a file name is another role's word that no track of that role has in
    its name ("Lead_saw.wav" beside "vox_chop.wav": "the lead" is the synth the artist named so,
    not the lead vocal); a word both roles' files have stays the role's ("Lead_Vox.wav"), and a
    vocal word on another vocal track too."""
    others = {r for lang in ROLE_WORDS for r, listed in ROLE_WORDS[lang].items()
              if r != role and word in listed.split("|")}
    if (role in VOCAL_ROLES or word in _VOCAL_NOUNS) and others & VOCAL_ROLES:
        # "Dbl_vocal.wav": a vocal word on a vocal track is still the lead's; and so is it on
        # chops or a sample ("Vocal_chops.wav": "the vocal" is the singer).
        return False
    return bool(others) and len(word) >= MIN_NAME_WORD_CHARS and all(
        word not in words_of[n] for r in others for n in session.tracks_with_role(r))


def _spellings(word: str) -> set[str]:
    """How a qualifier from a file name may be written: its adjective forms, "rh"/"r" spelt
    either way ("rythm", "rhythm"), and the words a file-name abbreviation stands for ("Elec":
    electric, électrique; "high": aigus)."""
    bases = {word, word.replace("rh", "r"), word.replace("ryt", "rhyt")}
    out = {base + suffix for base in bases for suffix in QUALIFIER_SUFFIXES}
    return out | set(NAME_ABBREVIATIONS.get(word, "").split("|")) - {""}


def _qualified(phrases: dict[tuple[str, ...], str], name: str, stem: tuple[str, ...], session: Session) -> None:
    """"<role word> <qualifier>" and "<qualifier> <role word>" for each word of ``name`` that not
    every other track of its role has: the qualifier picks this track among the role's, or the
    few that share it ("Gtr_rythm_L.wav" and "Gtr_rythm_R.wav": "les guitares rythmiques", both,
    not the solo; see :func:`track_group`)."""
    role = session.role_of(name)
    siblings = [n for n in session.tracks_with_role(role) if n != name]
    words_of = {n: set(name_words(n)) for n in siblings}
    role_words = {lang: {tuple(w.split()) for w in ROLE_WORDS[lang].get(role, "").split("|") if w} |
                  ({tuple(w.split()) for w in VOCAL_WORDS[lang].split("|")} if role in VOCAL_ROLES else set())
                  for lang in ROLE_WORDS}
    for word in stem:
        sharing = [n for n in siblings if word in words_of[n]]
        if (sharing and len(sharing) == len(siblings)) or len(word) < MIN_QUALIFIER_CHARS or word.isdigit() or \
                word in AUDIO_EXTENSIONS or (word in STOPWORDS and len(word) < MIN_NAME_WORD_CHARS):
            continue
        named = track_group(sorted([name, *sharing]))
        if any((word,) in ws for ws in role_words.values()):
            if role != "lead_vocal" and any(word in ROLE_WORDS[lang].get(role, "").split("|")
                                                         for lang in ROLE_WORDS):
                # "BV_harmony_hi", "BV_harmony_lo", "BV_hook": "les harmonies" are those two.
                for spelling in _plurals(word):
                    if siblings and not {word, spelling} & set(AMBIGUOUS_TARGETS):  # "plus de basses": the lows
                        phrases.setdefault((spelling,), named)
                    for words in role_words.values():  # "the harmony vocals"
                        for role_word in words:
                            phrases.setdefault((spelling, *role_word), named)
            continue
        for spelling in _spellings(word):
            for lang, words in role_words.items():
                for role_word in words:
                    phrases.setdefault((*role_word, spelling), named)
                    if lang == "en" or spelling == word or spelling in NAME_ABBREVIATIONS.get(word, "").split("|"):
                        # "le synthé basse" (Bass_synth.wav): a noun before the role's noun
                        phrases.setdefault((spelling, *role_word), named)
                    if lang == "fr" and spelling == word:  # "le solo de gratte"
                        phrases.setdefault((spelling, "de", *role_word), named)
            for one in ("one", "ones"):  # "the acoustic guitar brighter and the electric ones darker"
                phrases.setdefault((spelling, one), named)
            if spelling != word and spelling not in PHRASES and (spelling.endswith(("ique", "iques")) or (
                    len(spelling) >= MIN_ADJECTIVE_NOUN_CHARS and spelling in NAME_ABBREVIATIONS.get(word, "").split("|"))):
                # "les rythmiques" (Gtr_rhythm_L.wav, Gtr_rhythm_R.wav), "the acoustic" (AcGtr.wav):
                # the adjective as a noun.
                for article in NAME_ARTICLES:
                    phrases.setdefault((article, spelling), named)


def _holds(words: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """Whether the words ``key`` stand together, in order, among a file name's ``words``."""
    return any(words[i:i + len(key)] == key for i in range(len(words) - len(key) + 1))


def _glossed(phrases: dict[tuple[str, ...], str], name: str, stem: tuple[str, ...], counts: dict[str, int],
             words_of: dict[str, tuple[str, ...]]) -> None:
    """The other language's words for an instrument the file name names ("Trumpet.wav": "la
    trompette"; "Upright_bass.wav": "la contrebasse"), when no other file name has that word (or,
    for a key of several words, those words together: "Snare_top.wav" beside "Snare_bottom.wav"
    is "la caisse claire du dessus") and the translation is no word of the lexicon but a target's;
    file names in other languages through :data:`words_foreign.FOREIGN_GLOSSES` ("Flauta.wav": "la
    flûte", "Narr_VO.wav": "le narrateur", "la voix off")."""
    for key, glosses in (*NAME_GLOSSES.items(), *FOREIGN_GLOSSES.items()):
        if not _holds(stem, key):
            continue
        if len(key) == 1 and counts.get(key[0], 0) != 1:
            continue
        if len(key) > 1 and sum(_holds(words, key) for words in words_of.values()) != 1:
            continue
        for gloss in glosses.split("|"):
            # A role's word that is also this track's own name ("les micros d'ambiance": the
            # room mics, not every drum track) names the track.
            if gloss not in STOPWORDS and all(e.kind == "target" for e in PHRASES.get(gloss, ())):
                words = tuple(re.findall(r"[a-z]+|[0-9]+", gloss))  # "b3" is read as "b", "3"
                phrases.setdefault(words, name)
                for article in NAME_ARTICLES:
                    # "la voix saturée": read from the article on, before "la voix" (the lead) is.
                    phrases.setdefault((article, *words), name)


def _ordinal(phrases: dict[tuple[str, ...], str], name: str, stem: tuple[str, ...],
             words_of: dict[str, tuple[str, ...]]) -> None:
    """A numbered part ("Violin_I.wav", "Violin_II.wav", "Tom1.wav") by its rank, as players say
    it: "first violin", "le premier violon", "violon 1", "violin two", "les seconds violons",
    in either language (the instrument's word translated through :data:`NAME_GLOSSES`); only when
    no other file name has that instrument word and that number."""
    if len(stem) < 2 or stem[-1] not in ORDINAL_NUMERALS:
        return
    rank, word = ORDINAL_NUMERALS[stem[-1]], stem[-2]
    if not word.isalpha() or len(word) < MIN_NAME_WORD_CHARS or \
            sum(_holds(words, (word, stem[-1])) for words in words_of.values()) != 1:
        return
    nouns = {word, *NAME_GLOSSES.get((word,), "").split("|")} - {""}
    for noun in {n for n in nouns if " " not in n}:
        for plural in _plurals(noun):
            for ordinal in ORDINAL_WORDS[rank]:
                # "1st" is read as the tokens "1", "st"
                phrases.setdefault((*re.findall(r"[a-z]+|[0-9]+", ordinal), plural), name)
            for numeral, value in ORDINAL_NUMERALS.items():
                if value == rank:
                    phrases.setdefault((plural, numeral), name)


def _plurals(word: str) -> set[str]:
    """A role word and its plural forms ("harmony", "harmonies", "harmonys")."""
    out = {word, f"{word}s"}
    if word.endswith("y"):
        out.add(f"{word[:-1]}ies")
    return out


def track_group(names: list[str]) -> str:
    """One target for the tracks a phrase names together ("les guitares rythmiques"); a name
    alone is itself (see :func:`group_names`)."""
    return GROUP_SEPARATOR.join(names)


def group_names(value: str) -> list[str]:
    """The track names of a ``track_group``."""
    return value.split(GROUP_SEPARATOR)
