"""What text control answers besides the edits: every edit explained from the edit in the
instruction's language (labels from the tables, amounts with units, limits met), what was not
understood with close phrasings that are, and the stage refusing an instruction it cannot read."""

from __future__ import annotations

import pytest

from mixdown.errors import NotUnderstood
from mixdown.events.messages import InputTrack, JobRecord, StageMessage
from mixdown.events.stage import StageContext
from mixdown.mixparams import BUS_NAMES, BUS_PARAMS, TRACK_PARAMS, defaults
from mixdown_text_control.core import parse
from mixdown_text_control.edits import Session
from mixdown_text_control.explain import sentence
from mixdown_text_control.labels import PARAM_LABELS
from mixdown_text_control.suggest import canonical_phrases, similarity, suggest, trigrams

ROLES = {"Lead_Vox.wav": "lead_vocal", "beat.wav": "instrumental", "bv.wav": "backing_vocal"}


def current(**changes) -> dict:
    tracks = {name: defaults(name) for name in ROLES}
    tracks["Lead_Vox.wav"].update({"pan": 0.0, "width_percent": 0.0, "delay_send_db": -24.0})
    for name, values in changes.items():
        tracks[name].update(values)
    return {"tracks": tracks, "buses": {bus: defaults(bus) for bus in BUS_NAMES}, "targets": {"target_lufs": -14.0}}


# --- explanations ------------------------------------------------------------------------------


@pytest.mark.parametrize(("parameter", "old", "value", "language", "expected"), [
    ("width_percent", 100.0, 80.0, "fr", "je baisse la largeur stéréo des chœurs « bv.wav » de 20 % (100 → 80 %)"),
    ("width_percent", 100.0, 80.0, "en", "lowering the stereo width of the backing vocals 'bv.wav' by 20 % (100 → 80 %)"),
    ("gain_db", -2.0, 1.5, "fr", "je monte le niveau des chœurs « bv.wav » de 3,5 dB (-2,0 → +1,5 dB)"),
    ("hpf_cutoff_hz", 90.0, 150.0, "en", "raising the high-pass cutoff of the backing vocals 'bv.wav' from 90 to 150 Hz"),
    ("comp_ratio", 2.0, 3.0, "fr", "je monte le ratio de compression des chœurs « bv.wav » de 2,00 à 3,00"),
    ("mute", 0.0, 1.0, "fr", "je coupe les chœurs « bv.wav »"),
    ("mute", 1.0, 0.0, "en", "unmuting the backing vocals 'bv.wav'"),
    ("reverb_send_db", -18.0, -60.0, "en", "turning off the reverb send of the backing vocals 'bv.wav' (-18.0 → -60.0 dB)"),
    ("pan", 0.0, -0.5, "fr", "je décale les chœurs « bv.wav » vers la gauche (0,00 → -0,50)"),
])
def test_an_edit_reads_as_a_sentence_with_its_labels_and_amount(parameter, old, value, language, expected):
    session = Session(current(), ROLES)
    unit = TRACK_PARAMS[parameter].unit
    assert sentence(session, "bv.wav", parameter, old, value, unit, language) == expected


def test_buses_the_master_and_limits_are_named():
    session = Session(current(), ROLES)
    assert sentence(session, "reverb", "reverb_room_size", 0.5, 0.65, "", "en") == \
        "raising the reverb's room size from 0.50 to 0.65"
    assert sentence(session, "master", "target_lufs", -14.0, -9.0, "LUFS", "fr") == \
        "je monte le volume cible du master de 5 LU (-14,0 → -9,0 LUFS)"
    assert sentence(session, "beat.wav", "gain_db", 20.0, 24.0, "dB", "en", "-60..24 dB") == \
        "raising the level of the beat by 4 dB (+20.0 → +24.0 dB; clamped to -60..24 dB)"
    assert sentence(session, "reverb", "reverb_width", 1.0, 1.0, "", "fr", "0..1") == \
        "la largeur de la reverb reste à 1,00 (limité à 0..1)"


def test_an_eq_gain_names_the_frequency_it_moves():
    session = Session(current(**{"Lead_Vox.wav": {"peak2_hz": 400.0}}), ROLES)
    assert sentence(session, "Lead_Vox.wav", "peak2_gain_db", 0.0, 3.0, "dB", "en") == \
        "raising the EQ around 400 Hz of the lead vocal 'Lead_Vox.wav' by 3 dB (+0.0 → +3.0 dB)"


def test_every_parameter_of_the_tables_has_a_label_in_both_languages():
    names = {*TRACK_PARAMS, *(p for table in BUS_PARAMS.values() for p in table), "target_lufs"}
    assert names <= set(PARAM_LABELS)
    assert all(label.en and label.fr and label.en != label.fr for label in PARAM_LABELS.values())


def test_the_parser_explains_what_was_asked_then_the_edit():
    french = parse("baisse la largeur des choeurs de 20 %", current(), ROLES)
    english = parse("make the backing vocals narrower by 20 %", current(), ROLES)
    for result, language in ((french, "fr"), (english, "en")):
        for edit in result.edits:
            assert " → " in edit.explanation and "\n" not in edit.explanation
            assert edit.parameter not in edit.explanation, edit.explanation  # labels, not raw names
            assert (" je " in edit.explanation) == (language == "fr"), edit.explanation


# --- not understood, suggestions ------------------------------------------------------------


def test_nothing_understood_lists_the_instruction_and_close_phrasings_in_its_language():
    result = parse("rends le refrain plus émouvant", current(), ROLES)
    assert not result.understood and result.not_understood == ["rends le refrain plus émouvant"]
    assert 1 <= len(result.suggestions) <= 3
    for phrase in result.suggestions:
        again = parse(phrase, current(), ROLES)
        assert again.understood and not again.not_understood and again.locale == "fr", phrase
    english = parse("write me a chorus", current(), ROLES)
    assert not english.understood and english.suggestions
    assert all(parse(p, current(), ROLES).locale == "en" for p in english.suggestions)


def test_a_partial_understanding_applies_what_it_read_and_suggests_for_the_rest():
    result = parse("turn the beat down 3 dB and make it sound like the Beatles", current(), ROLES)
    assert result.understood and [(e.target, e.value) for e in result.edits] == [("beat.wav", -3.0)]
    assert result.not_understood == ["make it sound like the Beatles"] and result.suggestions
    assert parse("turn the beat down 3 dB", current(), ROLES).suggestions == []


def test_suggestions_are_near_the_words_used_and_name_only_the_sessions_roles():
    assert suggest("plus de réverbération stp", "fr")[0] == "plus de reverb"
    assert suggest("the voice is too sibilnt", "en")[0] == "less sibilance"
    assert "monte la basse" in suggest("monte la basse", "fr", ["bass"])
    assert not any("basse" in s for s in suggest("monte la basse", "fr", ROLES.values()))
    assert similarity(trigrams("more reverb"), trigrams("More  révèrb")) == 1.0
    assert similarity(trigrams("more reverb"), trigrams("xyz")) == 0.0


def test_every_canonical_phrase_is_understood_on_its_own():
    for language in ("fr", "en"):
        phrases = canonical_phrases(language)
        assert len(phrases) > 40
        for phrase in phrases:
            result = parse(phrase.text, {}, {}, locale=language)
            assert result.edits and not result.not_understood, phrase.text


def test_the_stage_refuses_an_instruction_that_makes_no_edit(tmp_path):
    from mixdown.storage.local import LocalStore
    from mixdown_text_control.stage import TextControlStage

    inputs = [InputTrack(name=name, role=role, key=f"in/{name}", sample_rate_hz=48000, channels=1, frames=48000,
                         duration_seconds=1.0) for name, role in ROLES.items()]
    values = current()
    job = JobRecord(id="job1", tenant="t1", plan=["text_control", "mixing"], inputs=inputs, revision=1,
                    options={"instruction": "écris-moi un refrain"},
                    parameters={"mixing": {"preset": "modern_clean", "sample_rate_hz": 48000, "bpm": 120.0,
                                           "tracks": values["tracks"], "buses": values["buses"]}})
    ctx = StageContext(job=job, message=StageMessage(job_id="job1", tenant="t1", stage="text_control", revision=1),
                       store=LocalStore(tmp_path), work_dir=tmp_path)
    with pytest.raises(NotUnderstood) as refused:
        TextControlStage().run(ctx)
    assert refused.value.not_understood == ["écris-moi un refrain"] and refused.value.suggestions
    assert "écris-moi un refrain" in str(refused.value) and "try for example" in str(refused.value)


def test_the_grpc_answer_carries_what_was_not_understood_and_the_suggestions(tmp_path):
    import asyncio

    from mixdown.service import ServiceContext
    from mixdown.settings import ServiceSettings
    from mixdown.storage.local import LocalStore
    from mixdown.textcontrol.v1 import text_control_pb2
    from mixdown_text_control.core import TextControl
    from mixdown_text_control.server import TextControlServicer

    servicer = TextControlServicer(ServiceContext(ServiceSettings(), LocalStore(tmp_path)), TextControl())
    request = text_control_pb2.ParseRequest(instruction="write me a chorus", roles={"vox": "lead_vocal"})
    response = asyncio.run(servicer.Parse(request, None))
    assert list(response.edits) == [] and list(response.not_understood) == ["write me a chorus"]
    assert list(response.suggestions) == parse("write me a chorus", {}, {"vox": "lead_vocal"}).suggestions
    assert list(response.disagreements) == []
