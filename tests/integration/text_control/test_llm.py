"""The LLM backend against a real local HTTP server speaking the OpenAI chat-completions protocol:
good answers are validated and used; malformed JSON, unknown targets or parameters, errors and
timeouts hand over to the rules; out-of-range values are clamped and flagged."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mixdown_text_control.core import TextControl
from mixdown_text_control.llm import LlmBackend
from mixdown_text_control.settings import TextControlSettings

ROLES = {"vox": "lead_vocal", "beat": "instrumental", "ad": "adlib"}
CURRENT = {"tracks": {"vox": {"reverb_send_db": -18.0, "delay_send_db": -24.0, "high_shelf_gain_db": 2.0},
                      "beat": {"gain_db": 0.0}, "ad": {}},
           "buses": {"reverb": {"reverb_width": 0.8}}, "targets": {"target_lufs": -14.0}}


class FakeLlm:
    """A chat-completions server whose next answer the test chooses."""

    def __init__(self) -> None:
        self.answer: object = None  # a dict (edits JSON), a str (raw content) or a callable(handler)
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.requests.append(json.loads(body))
                fake.headers.append(dict(self.headers))
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": f"no route {self.path}"})
                answer = fake.answer
                if callable(answer):
                    return answer(self)
                content = answer if isinstance(answer, str) else json.dumps(answer)
                self._send(200, {"id": "chatcmpl-1", "object": "chat.completion", "model": "fake",
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": content}}]})

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_llm():
    server = FakeLlm()
    yield server
    server.close()


def control(fake: FakeLlm, timeout_seconds: float = 2.0, api_key: str = "") -> TextControl:
    return TextControl(LlmBackend(fake.url, "fake-model", timeout_seconds, api_key))


def edits(*items) -> dict:
    return {"edits": [dict(zip(("target", "parameter", "value", "explanation"), item, strict=True)) for item in items],
            "not_understood": []}


def test_a_good_answer_is_used_and_the_request_is_constrained(fake_llm):
    fake_llm.answer = edits(("vox", "reverb_send_db", -24.0, "moins de reverb sur la voix"))
    result = control(fake_llm, api_key="k3y-for-tests").parse("moins de reverb", CURRENT, ROLES)
    assert result.backend == "llm" and result.fallback_reason == ""
    assert [(e.target, e.parameter, e.old_value, e.value, e.clamped) for e in result.edits] == [
        ("vox", "reverb_send_db", -18.0, -24.0, False)]
    assert result.locale == "fr"
    body = fake_llm.requests[-1]
    assert body["model"] == "fake-model" and body["temperature"] == 0
    schema = body["response_format"]["json_schema"]["schema"]["properties"]["edits"]["items"]["properties"]
    assert set(schema["target"]["enum"]) == {"vox", "beat", "ad", "reverb", "delay", "bus", "master"}
    assert {"high_shelf_gain_db", "reverb_width", "target_lufs"} <= set(schema["parameter"]["enum"])
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "deess_reduction_db [0..24 dB]" in system and "French" in system
    assert '"role":"lead_vocal"' in user and "moins de reverb" in user
    assert fake_llm.headers[-1]["Authorization"] == "Bearer k3y-for-tests"


def test_a_fenced_answer_and_a_role_as_target_are_accepted(fake_llm):
    fake_llm.answer = "```json\n" + json.dumps(edits(("instrumental", "gain_db", -3.0, "beat down 3 dB"))) + "\n```"
    result = control(fake_llm).parse("turn the beat down 3 dB", CURRENT, ROLES)
    assert result.backend == "llm"
    assert [(e.target, e.value) for e in result.edits] == [("beat", -3.0)]


def test_out_of_range_values_are_clamped_and_flagged(fake_llm):
    fake_llm.answer = edits(("vox", "high_shelf_gain_db", 40.0, "much brighter"),
                            ("master", "target_lufs", -2.0, "louder master"))
    result = control(fake_llm).parse("way brighter and much louder", CURRENT, ROLES)
    assert result.backend == "llm"
    assert [(e.parameter, e.value, e.clamped) for e in result.edits] == [
        ("high_shelf_gain_db", 18.0, True), ("target_lufs", -5.0, True)]
    assert "clamped" in result.edits[0].explanation


@pytest.mark.parametrize(("answer", "reason"), [
    ("Sure! Here are your edits: {\"edits\": [", "not JSON"),
    ({"changes": []}, '"edits" list'),
    (edits(), "no edit"),
    (edits(("vox", "vocal_sparkle_db", 3.0, "sparkle")), "'vocal_sparkle_db' is not a parameter"),
    (edits(("vox", "reverb_width", 0.5, "wider reverb")), "is not a parameter of 'vox'"),
    (edits(("guitar", "gain_db", 1.0, "louder guitar")), "unknown target"),
    (edits(("vox", "gain_db", "loud", "louder")), "not a finite number"),
    (edits(("vox", "width_percent", 120.0, "wider vocal")), "mono"),
])
def test_invalid_answers_hand_over_to_the_rules(fake_llm, answer, reason):
    fake_llm.answer = answer
    result = control(fake_llm).parse("enlève le delay", CURRENT, ROLES)
    assert result.backend == "rules" and reason in result.fallback_reason
    assert [(e.target, e.parameter, e.value) for e in result.edits] == [("vox", "delay_send_db", -60.0)]


def test_http_errors_hand_over_to_the_rules(fake_llm):
    fake_llm.answer = lambda handler: handler._send(500, {"error": "model not loaded"})
    result = control(fake_llm).parse("less reverb on the adlibs", CURRENT, ROLES)
    assert result.backend == "rules" and "HTTP 500" in result.fallback_reason
    assert result.edits[0].target == "ad"
    fake_llm.answer = lambda handler: handler._send(200, {"object": "error"})
    result = control(fake_llm).parse("less reverb on the adlibs", CURRENT, ROLES)
    assert result.backend == "rules" and "not a chat-completions answer" in result.fallback_reason


def test_a_slow_model_times_out_and_the_rules_answer(fake_llm):
    def slow(handler) -> None:
        time.sleep(1.5)
        handler._send(200, {"choices": [{"message": {"content": json.dumps(edits(("vox", "gain_db", 1.0, "x")))}}]})

    fake_llm.answer = slow
    started = time.monotonic()
    result = control(fake_llm, timeout_seconds=0.3).parse("monte la voix", CURRENT, ROLES)
    assert time.monotonic() - started < 1.2
    assert result.backend == "rules" and "within 0.3 s" in result.fallback_reason
    assert [(e.target, e.parameter, e.value) for e in result.edits] == [("vox", "gain_db", 2.0)]


def test_an_unreachable_endpoint_hands_over_to_the_rules():
    result = TextControl(LlmBackend("http://127.0.0.1:9/v1", "m", 0.5)).parse("plus d'aigus", CURRENT, ROLES)
    assert result.backend == "rules" and result.fallback_reason
    assert result.edits[0].parameter == "high_shelf_gain_db"


def test_settings_build_the_backend_and_refuse_bad_values(fake_llm):
    settings = TextControlSettings(llm_url=fake_llm.url, llm_model="qwen2.5:3b-instruct", llm_timeout_seconds=1)
    parser = settings.text_control()
    assert parser.llm is not None and parser.llm.endpoint == f"{fake_llm.url}/chat/completions"
    assert TextControlSettings().text_control().llm is None
    with pytest.raises(ValueError, match="llm_model"):
        TextControlSettings(llm_url=fake_llm.url)
    with pytest.raises(ValueError, match="http"):
        TextControlSettings(llm_url="ollama:11434", llm_model="m")
    with pytest.raises(ValueError, match="placeholder"):
        TextControlSettings(llm_url=fake_llm.url, llm_model="m", llm_api_key="changeme")


# --- the rule reading holds the model to the request's direction and target ---------------------


def test_a_model_turning_the_wrong_way_is_overruled_by_the_rule_reading(fake_llm):
    fake_llm.answer = edits(("vox", "reverb_send_db", -6.0, "moins de reverb"))  # raises the send
    result = control(fake_llm).parse("moins de reverb sur la voix", CURRENT, ROLES)
    assert result.backend == "rules" and "contredisent" in result.fallback_reason
    assert [(e.target, e.parameter, e.value) for e in result.edits] == [("vox", "reverb_send_db", -21.0)]
    assert len(result.disagreements) == 1 and "vox.reverb_send_db" in result.disagreements[0]
    assert "-18 → -6" in result.disagreements[0]


def test_a_model_editing_a_track_the_sentence_does_not_name_is_overruled(fake_llm):
    fake_llm.answer = edits(("beat", "gain_db", -3.0, "beat down"), ("vox", "gain_db", 2.0, "vocal up"))
    result = control(fake_llm).parse("turn the vocal up", CURRENT, ROLES)
    assert result.backend == "rules" and result.edits[0].target == "vox"
    assert {e.target for e in result.edits} == {"vox"}
    assert result.disagreements == ["the model edits beat.gain_db, a target the instruction does not name (vox)"]


def test_a_model_agreeing_with_the_rules_answers_and_text_control_explains_its_edits(fake_llm):
    # A send to the reverb reached through its bus is the same request; the model's own text is not shown.
    fake_llm.answer = edits(("vox", "reverb_send_db", -15.0, "I made the reverb louder on the vocal lol"),
                            ("reverb", "reverb_return_db", 1.0, "and the return"))
    result = control(fake_llm).parse("plus de reverb sur la voix", CURRENT, ROLES)
    assert result.backend == "llm" and result.disagreements == []
    assert [e.explanation for e in result.edits] == [
        "je monte l'envoi de reverb de la voix lead « vox » de 3 dB (-18,0 → -15,0 dB)",
        "je monte le retour de reverb de 1 dB (+0,0 → +1,0 dB)"]


def test_when_the_rules_read_nothing_the_models_checked_answer_stands(fake_llm):
    fake_llm.answer = edits(("vox", "peak3_gain_db", 2.0, "emotional = more presence"))
    result = control(fake_llm).parse("make the chorus more emotional", CURRENT, ROLES)
    assert result.backend == "llm" and result.disagreements == []
    assert [(e.target, e.parameter, e.value) for e in result.edits] == [("vox", "peak3_gain_db", 2.0)]


def test_a_model_that_understands_nothing_leaves_the_refusal_to_the_rules(fake_llm):
    fake_llm.answer = {"edits": [], "not_understood": ["write me a chorus"]}
    result = control(fake_llm).parse("write me a chorus", CURRENT, ROLES)
    assert result.backend == "rules" and not result.understood and "no edit" in result.fallback_reason
    assert result.not_understood == ["write me a chorus"] and result.suggestions


def test_a_model_turning_a_quality_the_wrong_way_with_another_parameter_is_overruled(fake_llm):
    # "less bright": the rules lower the high shelf; a model boosting the 3.5 kHz band makes it brighter.
    fake_llm.answer = edits(("vox", "peak3_gain_db", 3.0, "clearer"))
    current = {**CURRENT, "tracks": {**CURRENT["tracks"], "vox": {**CURRENT["tracks"]["vox"], "peak3_hz": 3500.0}}}
    result = control(fake_llm).parse("the vocal is too bright", current, ROLES)
    assert result.backend == "rules" and result.edits[0].parameter == "high_shelf_gain_db"
    assert result.edits[0].value < result.edits[0].old_value
    assert result.disagreements == [
        "the model raises vox.peak3_gain_db (0 → 3): highs the other way than the instruction asks"]
    # The same band moved down agrees with the request and the model's reading stands.
    fake_llm.answer = edits(("vox", "peak3_gain_db", -3.0, "darker"), ("vox", "high_shelf_gain_db", 0.0, "darker"))
    result = control(fake_llm).parse("the vocal is too bright", current, ROLES)
    assert result.backend == "llm" and result.disagreements == []


def test_a_quality_the_rules_turn_both_ways_is_not_judged(fake_llm):
    # the rules raise the high-pass (fewer lows) and the low shelf (more lows): the lows are turned both ways
    fake_llm.answer = edits(("beat", "peak1_gain_db", -2.0, "less rumble"), ("beat", "low_shelf_gain_db", 2.0, "lows"),
                            ("beat", "peak1_hz", 250.0, "mud band"))
    result = control(fake_llm).parse("coupe sous 80 Hz mais ajoute des graves sur le beat", CURRENT, ROLES)
    assert result.disagreements == [] and result.backend == "llm"
