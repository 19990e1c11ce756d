"""Instrument and part names of file names written in other languages (Spanish, Portuguese,
Italian, German), and the English and French words artists use for them: a track "Flauta.wav"
is "the flute" / "la flûte", "Geige.wav" "the violin" / "le violon", "Narr_VO.wav" "le
narrateur" / "la voix off". Folded spellings (no accents: "Flöte" is "flote"). Read by
:func:`mixdown_text_control.names.track_phrases` beside :data:`words_targets.NAME_GLOSSES`, under
the same conditions (one file name only has the word; a gloss that is a sound word is never a
name)."""

from __future__ import annotations

# The English and French words for an instrument → the file-name words that name it in other
# languages (and, for the instruments French and English name differently, in either).
_GLOSS_GROUPS: dict[str, str] = {
    "flute|flutes|flute traversiere|flutiste": "flauta flautas flauto flauti flote floete querflote traverso flute flutes",
    "flute irlandaise|flute irlandais|tin whistle|pipeau|flutiau|sifflet irlandais": "whistle whistles",
    "cornemuse|cornemuses|bagpipe|bagpipes|pipes": "pipes uilleann gaita gaitas dudelsack zampogna bagpipes bagpipe cornemuse",
    "trompette|trompettes|trumpet|trumpets": "tromba trombe trompete trompeten",
    "trombone|trombones": "posaune posaunen tromboni",
    "saxophone|saxophones|sax|saxo|saxos": "saxofon saxofone saxofono saxophon",
    "clarinette|clarinettes|clarinet|clarinets": "clarinete clarinetto klarinette clarinet clarinette",
    "hautbois|oboe|oboes": "oboe oboi",
    "basson|bassons|bassoon|bassoons": "fagot fagote fagotto fagott bassoon basson",
    "cor|cors|french horn|horn": "trompa corno waldhorn",
    "cuivres|brass|horns": "metales metais ottoni blech blaser",
    "violon|violons|violin|violins|fiddle": "violino violini geige geigen violine",
    "violoncelle|violoncelles|cello|cellos|celli": "violonchelo violoncelo violoncello",
    "alto|altos|viola|violas": "bratsche",
    "contrebasse|contre basse|upright bass|double bass|upright": "contrabajo contrabaixo contrabbasso kontrabass",
    "cordes|strings|string section|section de cordes": "cuerdas cordas archi streicher",
    "guitare|guitar|gratte": "chitarra gitarre",
    "guitare acoustique|guitare classique|guitare nylon|acoustic guitar|nylon guitar|nylon|acoustic": "violao",
    "basse|bass": "baixo basso",
    "batterie|drums|drum kit|kit": "bateria batteria schlagzeug",
    "percussions|percus|percu|percussion|perc": "percusion percusiones percussao percussoes percussioni",
    "tambourin|tambourine|pandeiro": "pandeiro pandereta tamburello tamburin",
    "grosse caisse|kick": "bombo cassa",
    "caisse claire|snare": "caja caixa rullante",
    "clavier|claviers|keys|keyboard|keyboards": "teclado teclados tastiera tastiere",
    "orgue|orgues|organ": "organo orgel orgao",
    "accordeon|accordeons|accordion|accordions": "acordeao fisarmonica akkordeon sanfona bandoneon",
    "harpe|harpes|harp|harps": "arpa arpas harfe harp harpe",
    "cloches|cloche|bells|bell": "campanas campane glocken",
    "mandoline|mandolines|mandolin|mandolins": "mandolina mandolino mandoline mandolin",
    "choeurs|chorale|choir|chorus vocals|choristes": "coro cori chor",
    "synthe|synthes|synth|synths": "sintetizador sintetizzatore",
    "narrateur|narratrice|narrator|narration|voix off|voice over|voiceover|voix de narration":
        "narr narrador narradora narratore erzahler narration narrator vo voiceover",
}

FOREIGN_GLOSSES: dict[tuple[str, ...], str] = {}
for _glosses, _words in _GLOSS_GROUPS.items():
    for _word in _words.split():
        # A file name's own word is not its own gloss ("Viola.wav" is not "les violas" twice).
        FOREIGN_GLOSSES[(_word,)] = "|".join(g for g in _glosses.split("|") if g != _word)
