"""Optional LLM backend: any OpenAI-compatible chat endpoint (a local Ollama, vLLM, llama.cpp
server, OpenAI...) turns the instruction into edits.

The prompt lists the tracks with their roles, every parameter a target may take with its range
and unit (from :mod:`mixdown.mixparams`) and the values in force; the request asks for a JSON
answer constrained by a JSON schema (``response_format``) whose enums are exactly the allowed
targets and parameter names. The answer is then validated against the tables: an unknown
target or parameter, a value that is not a number, a change to the lead vocal's fixed pan or
width, malformed JSON, an HTTP error, no answer within ``timeout_seconds`` (total, not per read)
or an answer with no edit raise :class:`LlmError`, on which :class:`~mixdown_text_control.core.
TextControl` lets the rules answer. Values outside a parameter's range are clamped and flagged,
like the rules' own. Each edit is explained by text control itself, from the edit
(:func:`~mixdown_text_control.explain.sentence`): the model's own "explanation" is not shown,
so what the artist reads is what the edit does. The answer is then held to the rule reading
of the instruction (:mod:`.guard`).
"""

from __future__ import annotations

import json
import math
import re
import time
from typing import Any

import httpx

from mixdown.errors import MixdownError
from mixdown.events.outputs import TextEdit
from mixdown.mixparams import BUS_NAMES, BUS_PARAMS, TRACK_PARAMS
from mixdown.params import Param
from mixdown_text_control.edits import MASTER, MASTER_PARAMS, ParseResult, Session, merge_edit
from mixdown_text_control.explain import sentence

MAX_ANSWER_BYTES = 256 * 1024
MAX_EDITS = 64
MAX_NOT_UNDERSTOOD_CHARS = 240


class LlmError(MixdownError):
    """The LLM backend gave no usable answer; the message says what was tried and what failed."""


def _table_lines(table: dict[str, Param]) -> str:
    return "\n".join(f"  {p.name} [{p.min:g}..{p.max:g}{(' ' + p.unit) if p.unit else ''}]: {p.description}"
                     for p in table.values())


SYSTEM_PROMPT = """You are the text-control module of a mixing console. A music artist describes, in \
French or English, how a finished mix should change. Turn the instruction into parameter edits.

Rules:
- Answer with one JSON object only: {{"edits": [{{"target": ..., "parameter": ..., "value": ..., \
"explanation": ...}}], "not_understood": [...]}}.
- "target" is a track name listed below, a bus ("reverb", "delay", "bus") or "master".
- "parameter" must be a parameter of that target, from the tables below; "value" is the new \
absolute value, a number inside the parameter's range.
- Change only what the instruction asks for; small musical steps (2 dB for EQ and levels, \
3 dB for sends) unless an amount is given; "un peu"/"a bit" halves a step, "beaucoup"/"a lot" \
doubles it. Removing reverb or delay sets the track's send to -60 dB.
- When no track is named, tone, dynamics and effect requests apply to the lead vocal; overall \
loudness ("louder", "plus fort") is the master's target_lufs. The lead vocal keeps pan 0 and \
width_percent 0.
- "explanation": one short line in {language} saying what changes and why.
- Put any part of the instruction you cannot map to these parameters in "not_understood".

Track parameters (for every track):
{track_table}

Bus "reverb":
{reverb_table}

Bus "delay":
{delay_table}

Bus "bus" (mix bus):
{bus_table}

Target "master":
{master_table}
"""


class LlmBackend:
    """Client of an OpenAI-compatible ``/chat/completions`` endpoint.

    ``url`` is the API base (``http://localhost:11434/v1``) or the full endpoint. ``transport``
    is for tests (an ``httpx`` transport); normal use leaves it out.
    """

    def __init__(self, url: str, model: str, timeout_seconds: float = 5.0, api_key: str = "",
                 transport: httpx.BaseTransport | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"LLM url must start with http:// or https://, got {url!r}")
        if not model:
            raise ValueError("LLM model name is empty")
        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/chat/completions") else f"{base}/chat/completions"
        self.model = model
        self.timeout_seconds = float(timeout_seconds)
        self.api_key = api_key
        self.transport = transport

    # --- request -----------------------------------------------------------------------------

    def messages(self, instruction: str, session: Session, language: str) -> list[dict[str, str]]:
        system = SYSTEM_PROMPT.format(
            language="French" if language == "fr" else "English",
            track_table=_table_lines(TRACK_PARAMS),
            reverb_table=_table_lines(BUS_PARAMS["reverb"]),
            delay_table=_table_lines(BUS_PARAMS["delay"]),
            bus_table=_table_lines(BUS_PARAMS["bus"]),
            master_table=_table_lines(MASTER_PARAMS),
        )
        state = {
            "tracks": {name: {"role": session.role_of(name),
                              "values": {p: session.value(name, p) for p in TRACK_PARAMS}}
                       for name in session.track_targets()},
            "buses": {bus: {p: session.value(bus, p) for p in BUS_PARAMS[bus]} for bus in BUS_NAMES},
            "master": {p: session.value(MASTER, p) for p in MASTER_PARAMS},
        }
        user = f"Values in force:\n{json.dumps(state, separators=(',', ':'))}\n\nInstruction: {instruction}"
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def schema(self, session: Session) -> dict[str, Any]:
        targets = [*session.track_targets(), *BUS_NAMES, MASTER]
        parameters = sorted({*TRACK_PARAMS, *(p for t in BUS_PARAMS.values() for p in t), *MASTER_PARAMS})
        edit = {
            "type": "object",
            "properties": {
                "target": {"type": "string", "enum": targets},
                "parameter": {"type": "string", "enum": parameters},
                "value": {"type": "number"},
                "explanation": {"type": "string"},
            },
            "required": ["target", "parameter", "value", "explanation"],
            "additionalProperties": False,
        }
        return {
            "type": "object",
            "properties": {"edits": {"type": "array", "items": edit, "maxItems": MAX_EDITS},
                           "not_understood": {"type": "array", "items": {"type": "string"}}},
            "required": ["edits", "not_understood"],
            "additionalProperties": False,
        }

    def request_body(self, instruction: str, session: Session, language: str) -> dict[str, Any]:
        return {
            "model": self.model,
            "messages": self.messages(instruction, session, language),
            "temperature": 0,
            "stream": False,
            "response_format": {"type": "json_schema",
                                "json_schema": {"name": "mix_edits", "strict": True, "schema": self.schema(session)}},
        }

    # --- call --------------------------------------------------------------------------------

    def complete(self, body: dict[str, Any]) -> str:
        """POST the request; the assistant message's text, or LlmError."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        deadline = time.monotonic() + self.timeout_seconds
        where = f"{self.endpoint} (model {self.model})"
        try:
            with httpx.Client(timeout=self.timeout_seconds, transport=self.transport) as client, \
                    client.stream("POST", self.endpoint, json=body, headers=headers) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        raise LlmError(f"{where}: answer larger than {MAX_ANSWER_BYTES} bytes")
                    if time.monotonic() > deadline:
                        raise LlmError(f"{where}: no complete answer within {self.timeout_seconds:g} s")
                    chunks.append(chunk)
                status = response.status_code
        except httpx.TimeoutException as exc:
            raise LlmError(f"{where}: no answer within {self.timeout_seconds:g} s ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise LlmError(f"{where}: {type(exc).__name__}: {exc}") from exc
        raw = b"".join(chunks)
        if status != 200:
            raise LlmError(f"{where}: HTTP {status}: {raw[:200].decode('utf-8', 'replace')}")
        try:
            payload = json.loads(raw)
            content = payload["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LlmError(f"{where}: not a chat-completions answer ({type(exc).__name__}: {exc})") from exc
        if not isinstance(content, str) or not content.strip():
            raise LlmError(f"{where}: empty answer")
        return content

    def parse(self, instruction: str, session: Session, language: str) -> ParseResult:
        content = self.complete(self.request_body(instruction, session, language))
        return validate_answer(content, session, language)


def _json_object(content: str) -> Any:
    text = content.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, flags=re.DOTALL)
    if fenced:
        text = fenced.group(1)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise LlmError(f"the model's answer is not JSON ({exc}): {content[:120]!r}") from exc


def validate_answer(content: str, session: Session, language: str) -> ParseResult:
    """Check the model's JSON against the tables and turn it into edits (clamped, flagged)."""
    data = _json_object(content)
    if not isinstance(data, dict) or not isinstance(data.get("edits"), list):
        raise LlmError('the model\'s answer is not an object with an "edits" list')
    items = data["edits"]
    if not items:
        raise LlmError("the model proposed no edit")
    if len(items) > MAX_EDITS:
        raise LlmError(f"the model proposed {len(items)} edits (at most {MAX_EDITS})")
    result = ParseResult(locale=language, backend="llm")
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise LlmError(f"edit {n} is not an object")
        target, parameter, value = item.get("target"), item.get("parameter"), item.get("value")
        if not isinstance(target, str) or not isinstance(parameter, str):
            raise LlmError(f"edit {n}: target and parameter must be strings")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise LlmError(f"edit {n} ({target}.{parameter}): value {value!r} is not a finite number")
        names = _targets_of(target, session)
        if not names:
            raise LlmError(f"edit {n}: unknown target {target!r}; known: "
                           f"{', '.join([*session.track_targets(), *BUS_NAMES, MASTER])}")
        for name in names:
            spec = session.spec(name, parameter)
            if spec is None:
                raise LlmError(f"edit {n}: {parameter!r} is not a parameter of {name!r}")
            fixed = session.fixed(name, parameter)
            if fixed is not None and float(value) != fixed:
                raise LlmError(f"edit {n}: {name}.{parameter} must stay {fixed:g} (the lead vocal is mono, centred)")
            old = session.value(name, parameter)
            proposal = session.propose(name, parameter, float(value))
            explanation = sentence(session, name, parameter, old, proposal.value, spec.unit, language,
                                   proposal.note if proposal.clamped else "")
            edit = TextEdit(target=name, parameter=parameter, old_value=old, value=proposal.value,
                            explanation=explanation, clamped=proposal.clamped)
            session.apply(edit)
            merge_edit(result.edits, edit)
    extra = data.get("not_understood", [])
    if isinstance(extra, list):
        result.not_understood = [" ".join(str(x).split())[:MAX_NOT_UNDERSTOOD_CHARS] for x in extra if str(x).strip()]
    return result


def _targets_of(target: str, session: Session) -> list[str]:
    """A track, bus or master name; a role names every track of that role."""
    if target == MASTER or target in BUS_NAMES or target in session.track_names():
        return [target]
    if session.virtual and session.is_track(target):
        return [target]
    return session.tracks_with_role(target) if not session.virtual else []
