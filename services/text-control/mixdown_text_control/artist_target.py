"""The artist as the track: "turn me up", "baisse-moi un chouïa", "monte moi de 2 dB" (the
singer speaking of their own voice: the lead vocal), and "rends-moi la voix", "give me back the
vocal" (giving a track back: bringing it back, as "remets la voix" says).

"me"/"moi" right after a verb, with nothing after it but a particle, an amount or a degree,
is the object: it reads as the lead vocal. Followed by a thing ("baisse-moi ça, l'instru",
"rends-moi la voix") it is the one the thing is done for, and stays out.
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token
from mixdown_text_control.phrasebook import PHRASES

SELF = {"me": "vocal", "moi": "voix"}
# What may follow the artist as object ("turn me up a bit", "baisse moi un chouia", "de 2 dB").
AFTER_OBJECT = frozenset({"up", "down", "back", "de", "by", "bit", "little", "tad", "touch",
                          "please", "pls", "stp", "svp", "plz", "encore", "again", "more", "less", "plus", "moins",
                          "forward", "louder", "quieter"})
# An article after the object only as a degree's ("un chouïa", "a bit"), never a thing ("un clip").
ARTICLES = frozenset({"a", "un", "une"})
DEGREE_NOUNS = frozenset({"peu", "chouia", "poil", "brin", "tantinet", "petit", "tout", "bit", "little", "touch",
                          "tad", "hair", "notch", "smidge"})
GIVE_BACK = {"rends": "remets", "rendez": "remets", "rend": "remets", "redonne": "remets", "redonnez": "remets"}


def artist_as_track(tokens: list[Token]) -> list[Token]:
    """``tokens`` with the artist as a verb's object put as the lead vocal, and a verb of giving
    a track back as bringing it back."""
    out = list(tokens)
    for k, token in enumerate(tokens):
        written = token.corrected_from or token.text  # the speller may have read "redonne" as another word
        if written in GIVE_BACK and k + 1 < len(tokens) and tokens[k + 1].text == "moi":
            out[k] = replace(token, text=GIVE_BACK[written], corrected_from=written)
            out[k + 1] = replace(tokens[k + 1], text="")
            continue
        if token.text not in SELF or not k or out[k].text == "":
            continue
        verb = any(e.kind in ("cue", "verb") for e in PHRASES.get(tokens[k - 1].text, []))
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        degree = after is not None and after.text in ARTICLES and k + 2 < len(tokens) and \
            tokens[k + 2].text in DEGREE_NOUNS
        free = after is None or after.is_separator or after.is_number or after.text in AFTER_OBJECT or degree
        if verb and free:
            out[k] = replace(token, text=SELF[token.text], corrected_from=token.corrected_from or token.text)
    return [t for t in out if t.text]
