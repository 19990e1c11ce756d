"""Text-control rules: targets, amounts, intensity, negation, clamping, several requests,
locales, typos, what is not understood; the gRPC servicer and the stage around the core."""

from __future__ import annotations

import asyncio

import pytest

from mixdown.catalog import TARGETS
from mixdown.errors import InvalidInput
from mixdown.events.messages import InputTrack, JobRecord, StageMessage
from mixdown.events.stage import StageContext
from mixdown.mixparams import BUS_NAMES, TRACK_PARAMS, defaults
from mixdown.textcontrol.v1 import text_control_pb2
from mixdown_text_control.core import TextControl, parse
from mixdown_text_control.normalise import fold

ROLES = {"vox": "lead_vocal", "beat": "instrumental", "ad": "adlib", "bv": "backing_vocal"}


def current(**tracks) -> dict:
    values = {name: defaults(name) for name in ROLES}
    values["vox"].update({"pan": 0.0, "width_percent": 0.0, "delay_send_db": -24.0, "reverb_send_db": -18.0,
                          "hpf_cutoff_hz": 90.0})
    values["ad"].update({"reverb_send_db": -12.0, "delay_send_db": -12.0})
    for name, changes in tracks.items():
        values[name].update(changes)
    return {"tracks": values, "buses": {bus: defaults(bus) for bus in BUS_NAMES}, "targets": {"target_lufs": -14.0}}


def only(result):
    assert len(result.edits) == 1, result.edits
    return result.edits[0]


@pytest.mark.parametrize(("instruction", "target", "delta_db", "locale"), [
    ("turn the beat down 3 dB", "beat", -3.0, "en"),
    ("monte la voix de 2 dB", "vox", 2.0, "fr"),
    ("baisse l'instru de 1,5 dB", "beat", -1.5, "fr"),
    ("louder vocals", "vox", 2.0, "en"),
    ("baisse les chœurs", "bv", -2.0, "fr"),
    ("adlibs +1.5dB", "ad", 1.5, "en"),
])
def test_level_edits(instruction, target, delta_db, locale):
    result = parse(instruction, current(**{target: {"gain_db": 1.0}}), ROLES)
    assert result.locale == locale and result.backend == "rules"
    edit = only(result)
    assert (edit.target, edit.parameter) == (target, "gain_db")
    assert edit.old_value == 1.0 and edit.value == pytest.approx(1.0 + delta_db)
    assert not result.not_understood


def test_intensity_scales_the_default_step():
    def step(instruction: str) -> float:
        edit = only(parse(instruction, current(), ROLES))
        assert edit.parameter == "high_shelf_gain_db"
        return edit.value - edit.old_value

    base = step("plus d'aigus")
    assert step("un peu plus d'aigus") == pytest.approx(base / 2)
    assert step("légèrement plus d'aigus") == pytest.approx(base / 2)
    assert step("beaucoup plus d'aigus") == pytest.approx(base * 2)
    assert step("slightly more treble") == pytest.approx(base / 2)
    assert step("a lot more treble") == pytest.approx(base * 2)
    assert step("way more treble") > step("a lot more treble")


@pytest.mark.parametrize(("instruction", "target", "parameter", "value"), [
    ("baisse le beat de 3 dB", "beat", "gain_db", -3.0),
    ("coupe-bas à 120 Hz sur la voix", "vox", "hpf_cutoff_hz", 120.0),
    ("high-pass the vocal to 150 Hz", "vox", "hpf_cutoff_hz", 150.0),
    ("master à -10 LUFS", "master", "target_lufs", -10.0),
    ("turn the master up 2 dB", "master", "target_lufs", -12.0),
    ("reverb predelay to 40 ms", "reverb", "reverb_predelay_ms", 40.0),
    ("width 150% on the beat", "beat", "width_percent", 150.0),
    ("set the vocal reverb send to -20 dB", "vox", "reverb_send_db", -20.0),
    ("compresse la voix avec un ratio de 4", "vox", "comp_ratio", 4.0),
])
def test_explicit_amounts(instruction, target, parameter, value):
    edit = only(parse(instruction, current(), ROLES))
    assert (edit.target, edit.parameter, edit.value) == (target, parameter, value)


def test_a_frequency_places_the_band():
    edits = {e.parameter: e.value for e in parse("plus d'aigus à 8 kHz sur la voix", current(), ROLES).edits}
    assert edits == {"high_shelf_gain_db": 2.0, "high_shelf_hz": 8000.0}


def test_remove_the_delay_changes_only_the_lead_vocal_send():
    edit = only(parse("enlève le delay", current(), ROLES))
    assert (edit.target, edit.parameter, edit.old_value, edit.value) == ("vox", "delay_send_db", -24.0, -60.0)
    everywhere = parse("enlève le delay partout", current(), ROLES).edits
    assert {(e.target, e.parameter, e.value) for e in everywhere} == {
        (name, "delay_send_db", -60.0) for name in ROLES}


@pytest.mark.parametrize(("instruction", "target", "parameter"), [
    ("pas de reverb", "vox", "reverb_send_db"),
    ("pas de reverb sur les adlibs", "ad", "reverb_send_db"),
    ("don't add delay", "vox", "delay_send_db"),
    ("no delay on the adlibs", "ad", "delay_send_db"),
    ("je ne veux plus de reverb sur les adlibs", "ad", "reverb_send_db"),
    ("sans delay", "vox", "delay_send_db"),
])
def test_negation_switches_effects_off(instruction, target, parameter):
    edit = only(parse(instruction, current(), ROLES))
    assert (edit.target, edit.parameter, edit.value) == (target, parameter, -60.0)


@pytest.mark.parametrize("instruction", ["ne baisse pas la voix", "don't make it louder"])
def test_a_negated_request_changes_nothing_and_says_so(instruction):
    result = parse(instruction, current(), ROLES)
    assert result.edits == [] and result.not_understood == [instruction]


def test_not_enough_and_too_much():
    assert only(parse("the vocal isn't bright enough", current(), ROLES)).value > 0
    assert only(parse("la voix n'est pas assez présente", current(), ROLES)).value > 0
    assert only(parse("pas trop de reverb", current(), ROLES)).value < -18.0
    assert only(parse("trop de reverb sur les adlibs", current(), ROLES)).value < -12.0


def test_several_requests_in_one_sentence():
    result = parse("baisse les sibilances, ajoute de l'air et enlève le delay", current(), ROLES)
    assert [(e.target, e.parameter) for e in result.edits] == [
        ("vox", "deess_reduction_db"), ("vox", "deess_threshold_db"), ("vox", "high_shelf_gain_db"),
        ("vox", "high_shelf_hz"), ("vox", "delay_send_db")]
    result = parse("less reverb and more delay on the adlibs", current(), ROLES)
    assert [(e.target, e.parameter, e.value) for e in result.edits] == [
        ("ad", "reverb_send_db", -15.0), ("ad", "delay_send_db", -9.0)]
    result = parse("monte la voix et baisse le beat", current(), ROLES)
    assert [(e.target, e.value) for e in result.edits] == [("vox", 2.0), ("beat", -2.0)]


def test_a_pronoun_keeps_the_previous_target():
    result = parse("turn the beat down and make it punchier", current(), ROLES)
    assert {e.target for e in result.edits} == {"beat"}
    assert {e.parameter for e in result.edits} == {"gain_db", "comp_attack_ms", "comp_ratio"}


def test_two_requests_on_one_parameter_compose_into_one_edit():
    edit = only(parse("monte la voix de 2 dB, puis encore de 1 dB", current(), ROLES))
    assert (edit.old_value, edit.value) == (0.0, 3.0)


def test_what_is_not_understood_is_reported_in_the_artists_words():
    result = parse("turn the beat down 3 dB and make it sound like the Beatles", current(), ROLES)
    assert [(e.target, e.value) for e in result.edits] == [("beat", -3.0)]
    assert result.not_understood == ["make it sound like the Beatles"]
    result = parse("rends le refrain plus émouvant", current(), ROLES)
    assert result.edits == [] and result.not_understood == ["rends le refrain plus émouvant"]


def test_a_role_the_mix_does_not_have_is_reported():
    result = parse("moins de reverb sur la guitare", current(), ROLES)
    assert result.edits == [] and "guitare" in result.not_understood[0]


def test_values_are_clamped_and_say_so():
    edit = only(parse("vocal up 10 dB", current(vox={"gain_db": 20.0}), ROLES))
    assert edit.value == 24.0 and edit.clamped and "clamped" in edit.explanation
    edit = only(parse("monte la voix de 10 dB", current(vox={"gain_db": 20.0}), ROLES))
    assert edit.value == 24.0 and edit.clamped and "limité" in edit.explanation
    edit = only(parse("master à -2 LUFS", current(), ROLES))
    assert edit.value == -5.0 and edit.clamped


def test_band_edges_stay_ordered():
    edits = {e.parameter: e for e in parse("moins de sibilances à 11 kHz", current(), ROLES).edits}
    edge = edits["deess_low_hz"]
    assert edge.value < 10000.0 and edge.clamped


def test_the_lead_vocal_stays_mono_and_centred():
    edit = only(parse("widen the vocal", current(), ROLES))
    assert (edit.target, edit.parameter) == ("reverb", "reverb_width") and "mono" in edit.explanation
    result = parse("pan the vocal left", current(), ROLES)
    assert result.edits == [] and "mono" in result.not_understood[0]
    assert only(parse("pan the adlibs left", current(), ROLES)).value == -0.5


def test_every_edit_is_inside_the_tables():
    instructions = ["beaucoup beaucoup plus d'aigus", "way more reverb everywhere", "compresse à fond",
                    "enlève tout", "width 500% on the beat", "master at -50 LUFS", "plus de punch"]
    for instruction in instructions:
        for edit in parse(instruction, current(), ROLES).edits:
            if edit.target == "master":
                assert TARGETS["target_lufs"].min <= edit.value <= TARGETS["target_lufs"].max
                continue
            spec = TRACK_PARAMS.get(edit.parameter) or {**defaults("reverb"), **defaults("delay"), **defaults("bus")}
            if edit.parameter in TRACK_PARAMS:
                assert spec.min <= edit.value <= spec.max, edit


@pytest.mark.parametrize(("instruction", "fixed"), [
    ("augmante les aigu", "high_shelf_gain_db"),
    ("moin de sibilence", "deess_reduction_db"),
    ("plus de reverbb sur la voix", "reverb_send_db"),
    ("more brightnes on the vocal", "high_shelf_gain_db"),
    ("ENLEVE LE DELAI", "delay_send_db"),
])
def test_typos_accents_and_case_are_tolerated(instruction, fixed):
    assert parse(instruction, current(), ROLES).edits[0].parameter == fixed


def test_locale_detection_and_explanations_follow_the_language():
    french = only(parse("plus de présence sur la voix", current(), ROLES))
    english = only(parse("more presence on the vocal", current(), ROLES))
    assert "présence" in french.explanation and "presence" in english.explanation
    assert "→" in french.explanation and "\n" not in french.explanation
    assert parse("plus de reverb", current(), ROLES, locale="en-GB").locale == "en-GB"
    assert "more reverb" in parse("plus de reverb", current(), ROLES, locale="en-GB").edits[0].explanation


def test_track_names_are_targets_too():
    roles = {"Vocal Take 3": "lead_vocal", "guitare_rythmique": "guitar", "beat": "instrumental"}
    edit = only(parse("moins de reverb sur guitare rythmique", {}, roles))
    assert edit.target == "guitare_rythmique"


def test_without_a_job_roles_stand_for_tracks():
    edit = only(parse("less reverb on the adlibs", {}, {}))
    assert (edit.target, edit.parameter, edit.old_value, edit.value) == ("adlib", "reverb_send_db", -60.0, -60.0)
    assert edit.clamped


def test_bad_instructions_are_refused():
    with pytest.raises(InvalidInput):
        parse("   ", current(), ROLES)
    with pytest.raises(InvalidInput):
        parse("plus de reverb " * 200, current(), ROLES)


def test_folding_keeps_a_map_to_the_original():
    folded = fold("Enlève l’écho, œuvre")
    assert folded.text == "enleve l echo, oeuvre"
    assert folded.original_span(0, 6) == "Enlève"
    assert folded.original_span(16, 21) == "œuvre"


# --- the edges around the core ---------------------------------------------------------------


class _Context:
    async def abort(self, code, details):  # pragma: no cover - only on errors
        raise AssertionError(details)


def test_grpc_parse_round_trip(tmp_path):
    from mixdown.service import ServiceContext
    from mixdown.settings import ServiceSettings
    from mixdown.storage.local import LocalStore
    from mixdown_text_control.server import TextControlServicer

    servicer = TextControlServicer(ServiceContext(ServiceSettings(), LocalStore(tmp_path)), TextControl())
    request = text_control_pb2.ParseRequest(
        instruction="enlève le delay et monte le master de 1 dB",
        current=[{"track": "vox", "values": {"delay_send_db": -20.0}}, {"track": "delay", "values": {}},
                 {"track": "master", "values": {"target_lufs": -12.0}}],
        roles={"vox": "lead_vocal"},
    )
    response = asyncio.run(servicer.Parse(request, _Context()))
    assert [(e.target, e.parameter, e.old_value, e.value) for e in response.edits] == [
        ("vox", "delay_send_db", -20.0, -60.0), ("master", "target_lufs", -12.0, -11.0)]
    assert response.locale == "fr" and response.backend == "rules"


def test_stage_records_edits_against_the_last_mix(tmp_path):
    from mixdown.storage.local import LocalStore
    from mixdown_text_control.stage import TextControlStage

    inputs = [InputTrack(name=name, role=role, key=f"in/{name}.wav", sample_rate_hz=48000, channels=1,
                         frames=48000, duration_seconds=1.0) for name, role in ROLES.items()]
    values = current()
    job = JobRecord(id="job1", tenant="t1", plan=["text_control", "mixing"], inputs=inputs, revision=1,
                    options={"instruction": "baisse le beat de 3 dB"},
                    parameters={"mixing": {"preset": "modern_clean", "sample_rate_hz": 48000, "bpm": 120.0,
                                           "tracks": values["tracks"], "buses": values["buses"]}},
                    targets={"target_lufs": -10.0})
    ctx = StageContext(job=job, message=StageMessage(job_id="job1", tenant="t1", stage="text_control", revision=1),
                       store=LocalStore(tmp_path), work_dir=tmp_path)
    result = TextControlStage().run(ctx)
    assert result.parameters["edits"][0]["target"] == "beat"
    assert result.parameters["edits"][0]["value"] == -3.0
    assert result.parameters["backend"] == "rules" and result.parameters["revision"] == 1
    job.options = {}
    with pytest.raises(InvalidInput):
        TextControlStage().run(ctx)
