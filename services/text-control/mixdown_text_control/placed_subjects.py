"""A track told by where it sits, as the subject of a complaint: "the crunch guitar on the left
is fizzy and harsh", "la guitare crunch à gauche est trop forte". The place before the copula
says which track, not where to put it: it is read as the side word of the track's name ("the
left crunch guitar", "la guitare crunch de gauche"), which picks the track whose file name is
marked with that side, and never becomes a pan request (nor swallows the complaint after it).
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

SIDES = frozenset({"left", "right", "gauche", "droite"})
COPULAS = frozenset({"is", "are", "s", "sounds", "sound", "feels", "feel", "seems", "est", "sont", "sonne",
                     "sonnent", "parait", "semble", "fait", "a", "has", "needs"})
ENGLISH_PLACES = (("on", "the"), ("in", "the"), ("at", "the"))
FRENCH_PLACES = (("a",), ("sur", "la"), ("de",))
ARTICLES = frozenset({"the", "my", "that", "this", "our", "those", "these"})


def placed_subjects(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a side after a track and before a copula put as the track's side word."""
    words = [t.text for t in tokens]
    for k, word in enumerate(words):
        if word not in SIDES or k + 1 >= len(words) or words[k + 1] not in COPULAS:
            continue
        if word in ("left", "right"):
            for place in ENGLISH_PLACES:
                n = len(place)
                if tuple(words[k - n:k]) == place and k - n > 0:
                    head = next((j for j in range(k - n - 1, max(k - n - 5, -1), -1) if words[j] in ARTICLES), None)
                    if head is None:
                        break
                    moved = replace(tokens[k], start=tokens[head].end, end=tokens[head].end)
                    return placed_subjects([*tokens[:head + 1], moved, *tokens[head + 1:k - n], *tokens[k + 1:]])
        else:
            for place in FRENCH_PLACES:
                n = len(place)
                if tuple(words[k - n:k]) == place and k - n > 0 and place != ("de",):
                    de = replace(tokens[k - n], text="de", end=tokens[k - 1].end)
                    return placed_subjects([*tokens[:k - n], de, *tokens[k:]])
    return tokens
