"""Numbers spelled out in words ("nonante hz", "quatre-vingt-dix Hz", "septante", "two dB",
"a couple of dB", "deux cents hertz") read as the digits they stand for, so that
:mod:`.amounts` finds them like any written number.

A run of number words becomes one number token only where a number is surely meant: right
before a unit ("trois dB", "a couple of db") or, for a value a frequency may take (20 Hz and
more), after a word that places a frequency ("coupe sous nonante", "below ninety"). Elsewhere
the words stay words: "un peu", "one more time", "deux sec" are not amounts.

French counts the Belgian and Swiss way too (septante 70, huitante/octante 80, nonante 90)
beside the French (soixante-dix 70, quatre-vingts 80, quatre-vingt-dix 90); hyphens are spaces
after folding, so "quatre-vingt-dix" arrives as three words.
"""

from __future__ import annotations

from mixdown_text_control.normalise import Folded, Token

_UNITS = {"zero": 0, "un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
          "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9,
          "nine": 9}
_TEENS = {"dix": 10, "ten": 10, "onze": 11, "eleven": 11, "douze": 12, "twelve": 12, "treize": 13,
          "thirteen": 13, "quatorze": 14, "fourteen": 14, "quinze": 15, "fifteen": 15, "seize": 16,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"vingt": 20, "vingts": 20, "twenty": 20, "trente": 30, "thirty": 30, "quarante": 40, "forty": 40,
         "fourty": 40, "cinquante": 50, "fifty": 50, "soixante": 60, "sixty": 60, "septante": 70, "seventy": 70,
         "huitante": 80, "octante": 80, "eighty": 80, "nonante": 90, "ninety": 90}
# English frequencies said in pairs: "one fifty" is 150 Hz, "two twenty" 220.
_SPOKEN_HUNDREDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"})
_SPOKEN_TENS = frozenset({"twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety"})
# "minus ten LUFS", "à moins six dB": a signed loudness or gain.
_MINUS = frozenset({"minus", "moins", "negative"})
_HUNDRED = frozenset({"cent", "cents", "hundred", "hundreds"})
_THOUSAND = frozenset({"mille", "thousand"})
_JOINERS = frozenset({"et", "and"})  # "vingt et un", "a hundred and twenty"
# Vague counts before a unit ("a couple of dB": 2; "a few dB", "quelques dB": 3).
_VAGUE = {("a", "couple", "of"): 2.0, ("couple", "of"): 2.0, ("a", "couple"): 2.0, ("un", "couple", "de"): 2.0,
          ("a", "few"): 3.0, ("few",): 3.0, ("quelques",): 3.0}
_ALL = {**_UNITS, **_TEENS, **_TENS}
_NUMBER_UNITS = frozenset({"db", "dbs", "decibel", "decibels", "hz", "hertz", "khz", "kilohertz", "lufs", "lu", "%", "pourcent",
                           "pourcents", "percent", "pct", "ms"})
# Words after which a number of 20 or more is a frequency ("coupe sous nonante", "around two hundred").
_FREQUENCY_CUES = frozenset({"sous", "below", "under", "above", "over", "vers", "around", "autour", "at", "a",
                             "dessous", "dessus", "beneath", "near", "environ"})


def _value(words: list[str]) -> float | None:
    """The number a run of number words spells, or None when the run is not one number."""
    total, group, last = 0, 0, ""
    for word in words:
        if word in _JOINERS:
            continue
        if word in _HUNDRED:
            group = (group or 1) * 100
        elif word in _THOUSAND:
            total, group = total + (group or 1) * 1000, 0
        elif word in _TENS:
            # "quatre vingt(s)": four twenties; "soixante dix": sixty and ten; "one fifty": 150.
            if word.startswith("vingt") and last in ("quatre",):
                group *= 20
            elif last in _SPOKEN_HUNDREDS and word in _SPOKEN_TENS:
                group = group * 100 + _TENS[word]
            else:
                group += _TENS[word]
        elif word in _TEENS or word in _UNITS:
            if last in _UNITS and word in _UNITS:
                group -= _UNITS[last]  # "deux trois dB": about three; the last number counts
            group += _ALL[word]
        else:
            return None
        last = word
    return float(total + group)


def _sign(folded: Folded | None, start: int) -> str:
    """"-" or "+" when the original text signs the number word at folded index ``start``
    ("piano -deux db": folding made the minus a space)."""
    if folded is None or not 0 < start <= len(folded.source):
        return ""
    at = folded.source[start - 1]
    sign = folded.original[at] if folded.original[at] in "+-" else ""
    return sign if sign and (at == 0 or not folded.original[at - 1].isalnum()) else ""


def spelled_numbers(tokens: list[Token], folded: Folded | None = None) -> list[Token]:
    """``tokens`` with each run of number words that surely is an amount replaced by one number
    token spanning the run (see the module's docstring); a sign written before the words
    ("-deux dB") stays with the number."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        j = i
        vague = next((n for n in (3, 2, 1) if tuple(t.text for t in tokens[i:i + n]) in _VAGUE), 0)
        if vague and i + vague < len(tokens) and tokens[i + vague].text in _NUMBER_UNITS:
            j = i + vague
        else:
            vague = 0
            while j < len(tokens) and (tokens[j].text in _ALL or tokens[j].text in _HUNDRED or
                                       tokens[j].text in _THOUSAND or
                                       (j > i and tokens[j].text in _JOINERS and j + 1 < len(tokens) and
                                        tokens[j + 1].text in _ALL)):
                j += 1
        if j == i:
            out.append(tokens[i])
            i += 1
            continue
        value = _VAGUE[tuple(t.text for t in tokens[i:j])] if vague else _value([t.text for t in tokens[i:j]])
        following = tokens[j].text if j < len(tokens) else ""
        before = out[-1].text if out else ""
        if value is not None and following == "k":
            # "three k": kilohertz.
            out.extend((Token(f"{value:g}", tokens[i].start, tokens[j - 1].end),
                        Token("khz", tokens[j].start, tokens[j].end)))
            i = j + 1
            continue
        if value is not None and (following in _NUMBER_UNITS or (value >= 20 and before in _FREQUENCY_CUES)):
            start = tokens[i].start
            if before in _MINUS and following in ("lufs", "db", "dbs", "decibel", "decibels"):
                start, value = out.pop().start, -value
            sign = _sign(folded, start) if value > 0 else ""
            out.append(Token(f"{sign}{value:g}", start, tokens[j - 1].end))
            i = j
            continue
        out.extend(tokens[i:j])
        i = j
    return out
