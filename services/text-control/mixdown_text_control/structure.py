"""The structure readings of an instruction, in the order the parse loop applies them.

:func:`rewritten` puts words that the lexicon would read the wrong way as what they mean, before
the clauses are split: an article glued to a name ("lavoix", :mod:`.glued`), "on comprend plus" (no longer:
:mod:`.no_longer`), "riser muted" in a note (mute it: :mod:`.terse_states`), "more snap up top" (the top:
:mod:`.sound_words`), words spelt by ear ("le bit", "bese", :mod:`.heard`), a track weak in a
region ("weak in the bottom", :mod:`.weak_regions`), a track's sound word heading a note ("room
plus fort", :mod:`.named_heads`), "too much sub" after a kick's low end (its lows, :mod:`.low_end_reasons`), an effect off as a whole ("delay bus off",
:mod:`.bus_switches`), a high-pass taking too much low end (:mod:`.filter_complaints`), "la voix off" (a voice, :mod:`.compounds`), "sans toucher à la basse"
(an exception, :mod:`.untouched`), "the guitar on the left is …" (a side word,
:mod:`.placed_subjects`), "pull it 2 dB" (lower, :mod:`.pulls`), "un écho discret" (an
intensity, :mod:`.discreet`), "trop basses" (too quiet, :mod:`.lacks`), "turn me up" (the lead
vocal, :mod:`.artist_target`), "vocal: not so bright" (less bright, :mod:`.denied_degrees`), "fill them back in" (the verb
"fill back in", :mod:`.phrasal_verbs`), "sit it in the band a bit more" (lower it, :mod:`.blend_verbs`), "needs a 2 dB cut"
(the cut, :mod:`.told_signs`), "mon invité …, rapproche sa voix" (the guest, :mod:`.possessives`), "close the reverb return" (shut it, :mod:`.told_signs`), "solo the vocal by muting the beat"
(the means only, :mod:`.means`), "…, on le remettra plus tard" (nothing now, :mod:`.later`), "without turning the beat down" (untouched, :mod:`.without_verbs`), "is to bright" (too,
:mod:`.to_too`), "trop forts par rapport à ceux de droite" (the reference out, :mod:`.reference_pronouns`), "c pas la voix qu'il faut monter c'est l'instru" (the move on the
instru, :mod:`.clefts`), "like an old Elvis record", "façon années 80" (a picture, left out:
:mod:`.record_likenesses`), "closer to mono" (narrower, :mod:`.width_words`), "mate", "innit", "has gone
all thin", "redonne", "balance-lui une reverb" (:mod:`.slang`), "à la fin du build" (a time, left out:
:mod:`.song_times`), "pan-le un peu right", "a gauche full" (:mod:`.pan_words`), "the lead got harsher" (a complaint, :mod:`.worse_states`), "tout le chœur" (that role,
:mod:`.whole_roles`).

:func:`elisions` reads the clauses that name their track or quality by a pronoun, a degree or
a lack before the passes of inheritance: "et trop faible" (:mod:`.lacks`), "baisse-les"
(:mod:`.plural_pronouns`), "and a bit more vocal" (:mod:`.more_of_track`), "turn it down, the
reverb" (:mod:`.cataphora`), "calme tout ça" and "it sits on top of everything" after a track's
complaint (that track, :mod:`.everything_context`), "vocal reverb: 2 dB less" (that quality,
:mod:`.headed_amounts`), "moins de reverb et de delay" (less of both, :mod:`.shared_degrees`), "…, le 808 bave dedans" (a
reason, :mod:`.spill_reasons`); a quality taken away too far ("les esses sont trop écrasés", "you
de-essed too hard": :mod:`.overdone`); a sidechain between tracks (refused: :mod:`.sidechains`); "… je veux qu'ils entourent la
voix" (no request: :mod:`.subject_purposes`); the lyrics asked anything but to be heard
(refused: :mod:`.lyrics`).
"""

from __future__ import annotations

from collections.abc import Mapping

from mixdown_text_control.artist_target import artist_as_track
from mixdown_text_control.blend_verbs import sunk_tracks
from mixdown_text_control.bus_space import wide_buses
from mixdown_text_control.bus_switches import bus_switches
from mixdown_text_control.cataphora import named_after
from mixdown_text_control.clause_types import Clause
from mixdown_text_control.clefts import clefts
from mixdown_text_control.compounds import compound_nouns
from mixdown_text_control.denied_degrees import denied_degrees
from mixdown_text_control.discreet import discreet_amounts
from mixdown_text_control.duck_verbs import ducked_tracks, signed_restatements
from mixdown_text_control.elided_nouns import elided_nouns
from mixdown_text_control.everything_context import whole_in_complaints
from mixdown_text_control.filter_complaints import filter_complaints
from mixdown_text_control.filter_values import far_filter_pronouns
from mixdown_text_control.glued import unglued
from mixdown_text_control.headed_amounts import headed_amounts
from mixdown_text_control.heard import homophones
from mixdown_text_control.joined_states import joined_states
from mixdown_text_control.lacks import elided_lacks, low_adjectives
from mixdown_text_control.later import put_off
from mixdown_text_control.level_swings import level_swings
from mixdown_text_control.low_end_reasons import low_end_reasons
from mixdown_text_control.lyrics import lyrics
from mixdown_text_control.means import means_only
from mixdown_text_control.more_of_track import more_of_tracks
from mixdown_text_control.named_heads import named_heads
from mixdown_text_control.new_parts import absent_choirs
from mixdown_text_control.no_longer import no_longer
from mixdown_text_control.normalise import Token
from mixdown_text_control.notation import bus_headings, switched_off
from mixdown_text_control.overdone import overdone
from mixdown_text_control.pan_words import pan_words
from mixdown_text_control.phrasal_verbs import split_phrasal_verbs
from mixdown_text_control.placed_pronouns import placed_pronouns
from mixdown_text_control.placed_subjects import placed_subjects
from mixdown_text_control.plural_pronouns import plural_pronouns
from mixdown_text_control.possessives import possessive_voices
from mixdown_text_control.pulls import pulled_down
from mixdown_text_control.record_likenesses import record_likenesses
from mixdown_text_control.reference_pronouns import referenced_demonstratives
from mixdown_text_control.references_told import told_references
from mixdown_text_control.shared_degrees import shared_degrees
from mixdown_text_control.sidechains import sidechains
from mixdown_text_control.slang import slang
from mixdown_text_control.song_times import song_times
from mixdown_text_control.sound_words import sound_words
from mixdown_text_control.spill_reasons import spill_reasons
from mixdown_text_control.subject_purposes import subject_purposes
from mixdown_text_control.sung_moments import sung_moments
from mixdown_text_control.terse_states import terse_states
from mixdown_text_control.to_too import to_as_too
from mixdown_text_control.told_signs import closed_effects, needed_cuts, told_resolve
from mixdown_text_control.untouched import without_touching
from mixdown_text_control.weak_regions import weak_regions
from mixdown_text_control.whole_roles import whole_roles
from mixdown_text_control.width_words import mono_distances
from mixdown_text_control.wishes import wishes
from mixdown_text_control.without_verbs import without_moves
from mixdown_text_control.worse_states import worse_states

__all__ = ["elisions", "rewritten", "told_resolve"]  # told_resolve: the parse loop's resolve step


def rewritten(tokens: list[Token], names: Mapping[tuple[str, ...], str]) -> list[Token]:
    """``tokens`` with the structure words put as what they mean (module docstring); ``names``:
    the session's track phrases."""
    tokens = whole_roles(worse_states(pan_words(song_times(slang(mono_distances(record_likenesses(tokens)))))))
    tokens = low_end_reasons(named_heads(terse_states(no_longer(sound_words(unglued(tokens), names)), names), names), names)
    tokens = joined_states(filter_complaints(wide_buses(bus_switches(weak_regions(wishes(level_swings(sung_moments(homophones(tokens)))))))))
    tokens = means_only(closed_effects(needed_cuts(possessive_voices(elided_nouns(tokens), names))), names)
    tokens = clefts(referenced_demonstratives(to_as_too(put_off(tokens))))
    tokens = without_touching(without_moves(compound_nouns(tokens)))
    tokens = bus_headings(switched_off(tokens))
    tokens = discreet_amounts(pulled_down(placed_subjects(tokens)))
    return sunk_tracks(split_phrasal_verbs(denied_degrees(artist_as_track(low_adjectives(tokens)))))


def elisions(clauses: list[Clause], parts: list[list[Token]], roles: Mapping[str, str]) -> None:
    """Read the elided clauses (module docstring), in place; ``roles``: the session's tracks."""
    named_after(clauses)
    told_references(clauses, parts)  # "c'est enterré sous le beat", "les adlibs sont mieux placés"
    ducked_tracks(clauses)  # "la music bed est trop forte, duck it un peu"
    signed_restatements(clauses)  # "…, genre -4 dB"
    placed_pronouns(clauses, parts)  # "faut le mettre derrière la voix lead"
    far_filter_pronouns(clauses, parts)  # "le HPF est trop haut, lower-le à 65 Hz"
    headed_amounts(clauses, parts)
    shared_degrees(clauses, parts)
    spill_reasons(clauses, parts)
    whole_in_complaints(clauses, parts)
    elided_lacks(clauses, parts)
    plural_pronouns(clauses, parts)
    more_of_tracks(clauses, parts)
    overdone(clauses, parts)  # "the sibilance is too tamed", "you compressed it too hard"
    sidechains(clauses, roles)  # "sidechain the pad to the kick": refused
    absent_choirs(clauses, parts, roles)  # "make the choir louder" with no backing vocals: refused
    lyrics(clauses, parts)  # "make the lyrics more deep and emotional": the writing, refused
    subject_purposes(clauses, parts)  # "écarte les backs, je veux qu'ils entourent la voix"
