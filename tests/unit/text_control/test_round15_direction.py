"""Direction and values of the fifteenth held-out part, each checked on sentences of its own (none
of them in the corpora) with the corpus judge (:mod:`mixdown_dev.text_eval`): met, nothing the
other way, nothing stray; and the safety net that drops an edit going against its clause's words."""

from __future__ import annotations

import pytest

from tests.unit.text_control.phrasing import assert_right, run, verdict

BAND = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "BV_hi.wav", "role": "backing_vocal"},
        {"name": "BV_lo.wav", "role": "backing_vocal"}, {"name": "organ.wav", "role": "keys"},
        {"name": "bass.wav", "role": "bass"}, {"name": "drums.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("backs: hpf at 220, then bring them down a little", ("backing_vocal highpass up 220 hz", "backing_vocal level down")),
    ("l'orgue : coupe-bas a 150, et baisse-le un peu", ("keys highpass up 150 hz", "keys level down")),
    ("organ: high-pass at 160 and turn it down", ("keys highpass up 160 hz", "keys level down")),
])
def test_a_heading_with_a_value_is_a_whole_request_and_the_pronoun_after_it_is_the_track(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "expect"), [
    ("the organ needs a 3 dB cut around 600", "keys band down 600 hz"),
    ("the lead needs a 1.5 dB dip at 350 hz and more compression", "lead_vocal band down 350 hz"),
    ("the bass needs a 2 dB boost at 90", "bass band up 90 hz"),
])
def test_a_cut_with_its_amount_keeps_its_sign_after_a_need(text, expect):
    assert_right(text, expect, *(["lead_vocal compression up"] if "compression" in text else []), tracks=BAND)


@pytest.mark.parametrize("text", ["ferme le retour du delay", "shut the reverb return", "close the delay return",
                                  "referme le retour de la reverb completement"])
def test_closing_a_return_never_raises_it(text):
    bus = "delay" if "delay" in text else "reverb"
    edits = [e for e in run(text).edits if e.parameter.endswith("_return_db")]
    assert edits and all(e.value < e.old_value for e in edits), text
    assert_right(text, f"{bus} {bus} down")


@pytest.mark.parametrize(("text", "value"), [
    ("le passe-haut de la voix est trop haut, lower-le vers 70 hz", 70.0),
    ("the vocal hpf is set too high, it sounds thin, drop it to 60 hz", 60.0),
    ("le coupe-bas de la voix est trop haut, ca la rend fine, redescends-le a 55 hz", 55.0),
])
def test_a_high_pass_said_too_high_goes_to_the_value_said_after_it(text, value):
    edits = [e for e in run(text).edits if e.parameter == "hpf_cutoff_hz"]
    assert [e.value for e in edits] == [value], text
    assert not [e for e in run(text).edits if e.parameter.endswith("_gain_db") and e.value > e.old_value]


def test_the_safety_net_drops_a_band_boost_where_the_clause_only_says_cut():
    from mixdown_text_control.told_signs import _against

    assert _against("peak1_gain_db", 0.0, 2.0, 300.0, {"cut", "around"}, [300.0])
    assert not _against("peak1_gain_db", 0.0, -2.0, 300.0, {"cut", "around"}, [300.0])
    assert _against("hpf_cutoff_hz", 80.0, 53.3, None, {"high", "pass", "at"}, [250.0])
    assert not _against("hpf_cutoff_hz", 80.0, 250.0, None, {"high", "pass", "at"}, [250.0])


VOICES = [{"name": "Vox_lead.wav", "role": "lead_vocal"}, {"name": "Vox_dbl.wav", "role": "double"},
          {"name": "harmonies.wav", "role": "backing_vocal"}, {"name": "guest_mic.wav", "role": "other"},
          {"name": "beat.wav", "role": "instrumental"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("a bit more delay on the harmonies than on the lead", "backing_vocal delay up"),
    ("plus de saturation sur le double que sur la voix lead", "double saturation up"),
    ("less compression on the double than on the lead vocal please", "double compression down"),
])
def test_only_the_track_asked_about_moves_in_a_comparison_with_a_place(text, expect):
    assert_right(text, expect, tracks=VOICES)


@pytest.mark.parametrize(("text", "expect"), [
    ("l'invite sonne trop loin, rapproche sa voix", "guest_mic.wav closeness up"),
    ("the guest is buried, bring his voice forward", "guest_mic.wav presence up"),
    ("les harmonies sont trop loin, rapproche leur voix", "backing_vocal closeness up"),
])
def test_a_possessive_voice_after_a_named_track_is_that_track(text, expect):
    assert_right(text, expect, tracks=VOICES)


def test_a_possessive_voice_after_an_instrument_is_never_that_instrument():
    assert not [e for e in run("le beat est trop fort, monte sa voix", VOICES).edits
                if e.target == "beat.wav" and e.value > e.old_value]


KEYS = [{"name": "Lead_Vox.wav", "role": "lead_vocal"}, {"name": "Rhodes.wav", "role": "keys"},
        {"name": "Strings.wav", "role": "pad"}, {"name": "Bass.wav", "role": "bass"}, {"name": "Kit.wav", "role": "drums"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("solo the rhodes by muting the kit", "drums mute on"),
    ("isolate the bass by muting the strings for now", "pad mute on"),
    ("mute the kit, i just want the bass and the rhodes", "drums mute on"),
    ("coupe les cordes, je veux juste la basse", "pad mute on"),
    ("mute the strings, we can bring them back later", "pad mute on"),
    ("coupe le kit, on le remettra plus tard", "drums mute on"),
])
def test_only_the_track_named_for_muting_is_muted(text, expect):
    assert_right(text, expect, tracks=KEYS)


def test_a_means_keeps_its_own_request_and_an_amount_after_by_is_no_means():
    assert [(e.target, e.parameter) for e in run("turn the rhodes up by 2 dB", KEYS).edits] == [("Rhodes.wav", "gain_db")]


@pytest.mark.parametrize(("text", "expect"), [
    ("l'orgue, ajoute un peu de delay et monte-le", ("keys delay up", "keys level up")),
    ("mets de la reverb sur l'orgue et baisse-le un peu", ("keys reverb up", "keys level down")),
])
def test_a_pronoun_of_the_other_gender_than_the_effect_is_the_track(text, expect):
    # (le delay is masculine: "monte-le" may be the delay; the organ is masculine too, so the
    # level or the delay both go up; "la reverb" is feminine: "baisse-le" is the organ.)
    result = verdict(text, *expect, tracks=BAND) if "reverb" in text else verdict(text, expect[0], tracks=BAND)
    assert result.correct, result.detail


@pytest.mark.parametrize(("text", "expect"), [
    ("organ is to bright turn it down a touch as well", ("keys brightness down", "keys level down")),
    ("the bass sounds to boomy take some off", ("bass lows down",)),
])
def test_to_for_too_after_a_copula_is_a_complaint_and_its_run_on_fix(text, expect):
    assert_right(text, *expect, tracks=BAND)


def test_to_before_a_value_stays_a_preposition():
    assert [e.value for e in run("set the organ to -4 dB", BAND).edits if e.parameter == "gain_db"] == [-4.0]


@pytest.mark.parametrize(("text", "expect"), [
    ("organ up a dB, drums out", ("keys level up", "drums mute on")),
    ("bass down 2 dB and the organ out pls", ("bass level down", "keys mute on")),
])
def test_a_track_then_out_in_a_note_is_muted(text, expect):
    assert_right(text, *expect, tracks=BAND)


@pytest.mark.parametrize(("text", "moved", "still"), [
    ("can you make the lead closer without turning the drums down", "Lead_Vox.wav", "drums.wav"),
    ("monte la voix sans baisser la basse", "Lead_Vox.wav", "bass.wav"),
])
def test_a_track_without_a_move_said_on_it_stays_as_it_is(text, moved, still):
    edits = run(text, BAND).edits
    assert any(e.target == moved for e in edits) and not any(e.target == still for e in edits), text


def test_a_means_on_the_goals_own_track_keeps_the_goal_and_numbers_in_names_are_no_frequency():
    assert_right("make the organ punchier by compressing it harder", "keys compression up", tracks=BAND)
    assert_right("the 808 needs more mids to cut through", "bass mids up",
                 tracks=[{"name": "vocal.wav", "role": "lead_vocal"}, {"name": "808.wav", "role": "bass"}])


@pytest.mark.parametrize(("text", "expect", "lost"), [
    ("the drums are way too loud, the organ can't compete", "drums level down", "organ.wav"),
    ("la basse est trop boomy, on perd le kick", "bass lows down", "drums.wav"),
    ("l'orgue est trop fort, on perd les choeurs", "keys level down", "BV_hi.wav"),
])
def test_a_loss_told_after_an_excess_is_why_and_moves_nothing(text, expect, lost):
    tracks = [*BAND, {"name": "kick.wav", "role": "kick"}] if "kick" in text else BAND
    assert_right(text, expect, tracks=tracks)
    assert not [e for e in run(text, tracks).edits if e.target == lost]


def test_a_loss_with_its_own_fix_keeps_the_fix():
    assert any(e.target == "bass.wav" and e.parameter == "gain_db" and e.value > e.old_value
               for e in run("l'orgue est trop fort, on perd la basse, monte-la", BAND).edits)


@pytest.mark.parametrize(("text", "expect", "reference"), [
    ("le double est trop fort, mets-le derriere la voix lead", "double level down", "Vox_lead.wav"),
    ("the harmonies are too loud, tuck them behind the lead", "backing_vocal level down", "Vox_lead.wav"),
])
def test_a_pronoun_put_behind_a_track_moves_and_that_track_stays(text, expect, reference):
    assert_right(text, expect, tracks=VOICES)
    assert not [e for e in run(text, VOICES).edits if e.target == reference]


@pytest.mark.parametrize(("text", "expect"), [
    ("mon micro un chouia plus fort", "lead_vocal level up"),
    ("mon micro sonne trop sourd", "lead_vocal brightness up"),
])
def test_my_own_mic_is_the_lead_vocal(text, expect):
    podcast = [{"name": "host.wav", "role": "lead_vocal"}, {"name": "guest.wav", "role": "other"},
               {"name": "jingle.wav", "role": "instrumental"}]
    assert_right(text, expect, tracks=podcast)


@pytest.mark.parametrize(("text", "expect"), [
    ("le jingle est trop fort, duck-le un peu", "instrumental level down"),
    ("the jingle is too loud, duck it a little, like -3 dB", "instrumental level down"),
    ("baisse le jingle, genre -2 dB", "instrumental level down"),
])
def test_a_duck_or_a_bare_signed_gain_after_a_track_too_loud_is_its_level_never_the_master(text, expect):
    podcast = [{"name": "host.wav", "role": "lead_vocal"}, {"name": "guest.wav", "role": "other"},
               {"name": "jingle.wav", "role": "instrumental"}]
    assert_right(text, expect, tracks=podcast)
    assert not [e for e in run(text, podcast).edits if e.target in ("master", "bus")]


PAIRS = [{"name": "Vox.wav", "role": "lead_vocal"}, {"name": "Gtr_L.wav", "role": "guitar"},
         {"name": "Gtr_R.wav", "role": "guitar"}, {"name": "bass.wav", "role": "bass"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("la gratte de gauche est trop forte par rapport a celle de droite", "Gtr_L.wav level down"),
    ("the left guitar is way brighter than the right one", "Gtr_L.wav brightness down"),
    ("la guitare de droite est plus forte que celle de gauche", "Gtr_R.wav level down"),
])
def test_a_demonstrative_reference_is_no_track_and_its_side_no_pan(text, expect):
    assert_right(text, expect, tracks=PAIRS)
    assert not [e for e in run(text, PAIRS).edits if e.parameter == "pan"]


@pytest.mark.parametrize(("text", "expect"), [
    ("c'est pas la basse qu'il faut baisser c'est l'orgue", "keys level down"),
    ("ce n'est pas l'orgue qu'il faut monter, mais la basse", "bass level up"),
    ("it's not the organ that needs to come down, it's the drums", "drums level down"),
])
def test_a_cleft_correction_moves_only_the_corrected_track(text, expect):
    assert_right(text, expect, tracks=BAND)


def test_a_loss_joined_by_and_is_a_second_point():
    assert_right("the drums are boomy and the organ gets lost", "drums lows down", "keys presence up", tracks=BAND)


@pytest.mark.parametrize(("text", "expect", "reference"), [
    ("on entend plus l'orgue, c'est noye sous les guitares", "keys level up", "Gtr_L.wav"),
    ("i can't hear the bass, it's buried under the drums", "bass level up", "drums.wav"),
    ("l'orgue sonne loin, les guitares sont mieux placees, rapproche l'orgue", "keys closeness up", "Gtr_L.wav"),
    ("the organ sounds far away, the guitars sit better, bring the organ closer", "keys closeness up", "Gtr_R.wav"),
])
def test_a_track_told_as_the_place_of_a_burial_or_as_better_never_moves(text, expect, reference):
    tracks = [*BAND, {"name": "Gtr_L.wav", "role": "guitar"}, {"name": "Gtr_R.wav", "role": "guitar"}]
    assert_right(text, expect, tracks=tracks)
    assert not [e for e in run(text, tracks).edits if e.target == reference]


@pytest.mark.parametrize(("text", "expect"), [
    ("il faut une coupe de 2 dB vers 600 sur l'orgue", "keys band down 600 hz"),
    ("the organ needs like a 3 dB cut @ 900", "keys band down 900 hz"),
])
def test_a_need_then_a_cut_with_fillers_is_the_cut(text, expect):
    assert_right(text, expect, tracks=BAND)


@pytest.mark.parametrize("text", ["undo the cut at 400 on the organ", "don't cut 400 on the organ",
                                  "pas de coupe a 400 sur l'orgue"])
def test_a_cut_denied_or_undone_is_never_a_cut_there(text):
    assert not [e for e in run(text, BAND).edits if e.parameter.endswith("_gain_db") and e.value < e.old_value]


GUITARS = [{"name": "Gtr_L.wav", "role": "guitar"}, {"name": "Gtr_R.wav", "role": "guitar"},
           {"name": "Vox.wav", "role": "lead_vocal"}]


@pytest.mark.parametrize(("text", "expect"), [
    ("the left gtr is way louder than the other one, sort it out", "Gtr_L.wav level down"),
    ("the right guitar is louder than the other one", "Gtr_R.wav level down"),
])
def test_louder_than_the_other_one_is_another_track_not_an_earlier_version(text, expect):
    assert_right(text, expect, tracks=GUITARS)


@pytest.mark.parametrize(("text", "expect"), [
    ("I'd like the reverb to feel like a much bigger church", ("reverb room_size up",)),
    ("i would love the vocal to sound less harsh", ("lead_vocal harshness down",)),
    ("the vocal is a bit darker than I'd like", ("lead_vocal brightness up",)),
])
def test_would_like_is_a_wish_unless_it_ends_a_comparison(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("vocal to dark and to quiet", ("lead_vocal brightness up", "lead_vocal level up")),
    ("beat to loud", ("instrumental level down",)),
])
def test_to_for_too_before_a_quality_that_ends_its_phrase(text, expect):
    assert_right(text, *expect)


@pytest.mark.parametrize(("text", "expect"), [
    ("monte la voix elle est noyee", ("lead_vocal level up",)),
    ("turn the vocal up it's lost in the beat", ("lead_vocal level up",)),
    ("baisse le beat il couvre tout", ("instrumental level down",)),
])
def test_a_reason_told_after_an_order_without_punctuation_keeps_the_orders_way(text, expect):
    assert_right(text, *expect)
