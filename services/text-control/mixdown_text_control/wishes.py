"""Wishes said the long way round, put as the lexicon reads them:

- a negated modal before a degree of the present state is a complaint about it: "the vocal
  shouldn't be this loud", "la voix ne devrait pas être aussi forte" are "too loud", "trop
  forte" (read alone, "loud" after "be" was the wish, and the vocal went up);
- "make it so (that) the vocal is louder than the beat": "make the vocal louder than the
  beat" (read as a statement, "the vocal is louder than the beat" lowered the vocal);
- "less is more (on the reverb)": less of it, never "more";
- a negative question opening its sentence says what it asks about: "isn't the vocal a bit
  loud?" is "the vocal is a bit loud" (the negation, read as such, raised the vocal).
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

# A negated modal then "be" (as tokens once folded: "shouldn't" is "shouldn t").
_NEGATED_EN = (("shouldn", "t", "be"), ("should", "not", "be"), ("mustn", "t", "be"), ("must", "not", "be"),
               ("doesn", "t", "need", "to", "be"), ("does", "not", "need", "to", "be"), ("needn", "t", "be"))
_NEGATED_FR = (("ne", "devrait", "pas", "etre"), ("devrait", "pas", "etre"), ("ne", "doit", "pas", "etre"),
               ("doit", "pas", "etre"), ("faut", "pas", "qu", "elle", "soit"),
               ("faut", "pas", "qu", "il", "soit"))
_NEGATED = tuple((p, "too") for p in _NEGATED_EN) + tuple((p, "trop") for p in _NEGATED_FR)
# The degree of the present state after it ("this loud", "aussi forte").
_DEGREES = frozenset({"this", "that", "so", "as", "aussi", "si", "autant", "tellement"})
_COPULAS = frozenset({"is", "are", "s", "sounds", "gets", "est", "soit", "sont"})
# Negative questions with the subject after the verb ("isn't the vocal…", "doesn't it sound…").
_NEGATIVE_QUESTIONS = {("isn", "t"): "is", ("isnt",): "is", ("aren", "t"): "are", ("arent",): "are",
                       ("doesn", "t"): "does", ("doesnt",): "does", ("don", "t"): "do"}
_SUBJECTS_AFTER = frozenset({"the", "my", "this", "that", "it", "your", "our", "these", "those", "there"})


def _at(words: list[str], k: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[k:k + len(phrase)]) == phrase


def wishes(tokens: list[Token]) -> list[Token]:
    """``tokens`` with the wishes of the module docstring put plainly."""
    words = [t.text for t in tokens]
    for k in range(len(words)):
        for phrase, too in _NEGATED:
            end = k + len(phrase)
            if _at(words, k, phrase) and end < len(words) and words[end] in _DEGREES:
                # "shouldn't be this loud" → "too loud" (the degree word becomes the complaint's).
                return wishes([*tokens[:k], replace(tokens[end], text=too), *tokens[end + 1:]])
        if _at(words, k, ("make", "it", "so")):
            skip = 4 if _at(words, k + 3, ("that",)) else 3
            copula = next((j for j in range(k + skip, min(k + skip + 5, len(words))) if words[j] in _COPULAS), None)
            if copula is not None:
                rest = [*tokens[k + skip:copula], *tokens[copula + 1:]]
                return wishes([*tokens[:k + 1], *rest])
        opens = k == 0 or tokens[k - 1].is_separator
        for negated, plain in _NEGATIVE_QUESTIONS.items():
            after = k + len(negated)
            if opens and _at(words, k, negated) and after < len(words) and words[after] in _SUBJECTS_AFTER:
                return wishes([*tokens[:k], replace(tokens[k], text=plain), *tokens[after:]])
        if _at(words, k, ("less", "is", "more")):
            return wishes([*tokens[:k + 1], *tokens[k + 3:]])
    return tokens
