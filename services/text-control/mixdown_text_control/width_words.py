"""Width told as a distance to mono ("the beat should be closer to mono", "rapproche le pad du
mono", "plus proche du mono", "nearer to mono"): narrower, never the track brought closer (its
level up and its reverb down). "Closer"/"proche" and the preposition before "mono" are put as
"more" / nothing, so the lexicon reads "more mono" (width down)."""

from __future__ import annotations

from dataclasses import replace

from mixdown_text_control.normalise import Token

# Words of nearness that, before "to mono"/"du mono", measure width.
NEAR = {"closer": "more", "nearer": "more", "close": "more", "near": "more", "proche": "", "pres": "",
        "rapproche": "", "rapprocher": "", "rapprochez": "", "bring": ""}
OF = frozenset({"to", "du", "de", "d", "au", "toward", "towards"})
MONO = frozenset({"mono", "monophonic"})


def mono_distances(tokens: list[Token]) -> list[Token]:
    """``tokens`` with "closer to mono" read as "more mono" (module docstring)."""
    out: list[Token] = []
    for i, token in enumerate(tokens):
        if token.text in OF and i + 1 < len(tokens) and tokens[i + 1].text in MONO and \
                any(t.text in NEAR for t in tokens[max(0, i - 4):i]):
            # The nearness word said before: "closer" becomes "more"; a French one goes.
            at = max(k for k in range(len(out)) if out[k].text in NEAR)
            said = NEAR[out[at].text]
            if said:
                out[at] = replace(out[at], text=said)
            elif out[at].text.startswith("rapproch"):
                out[at] = replace(out[at], text="rends")
                out.append(replace(token, text="plus"))
                continue
            else:
                del out[at]
            continue  # the preposition goes
        out.append(token)
    return out
