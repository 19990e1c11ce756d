"""French "ne … plus" without its "ne", after a verb of hearing: "on comprend plus les paroles",
"j'entends plus la basse", "on distingue plus rien" — no longer heard, never "more".

Read as "plus" (more), the clause would carry the quality said before it ("trop d'écho, on
comprend plus les paroles": more echo). It is the negation "pas" there; a comparison ("on
entend plus la basse que la voix") keeps its "plus".
"""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

_HEARING = frozenset({"entend", "entends", "entendent", "comprend", "comprends", "comprennent", "distingue",
                      "distingues", "distinguent", "capte", "captes", "percoit", "percois", "reconnait", "discerne"})
_COMPARED = frozenset({"que", "qu"})


def no_longer(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each "plus" of no longer hearing read as "pas" (module docstring)."""
    result = list(tokens)
    for i in range(1, len(result)):
        if result[i].text != "plus" or result[i - 1].text not in _HEARING:
            continue
        rest = []
        for token in result[i + 1:]:
            if token.is_separator:
                break
            rest.append(token.text)
        if rest and not _COMPARED & set(rest):  # ("remets l'instru, j'entends plus": a bare "plus" stays)
            result[i] = replace(result[i], text="pas")
    return result
