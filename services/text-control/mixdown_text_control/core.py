"""Text control's facade: an instruction and the parameters in force → edits.

``parse(instruction, current, roles, locale)`` runs the embedded rule parser. A
:class:`TextControl` built with an :class:`~mixdown_text_control.llm.LlmBackend` asks the
language model first and falls back to the rules when it fails, times out or answers outside
the parameter tables; the model's edits are then held to the rule reading of the same
instruction (:mod:`.guard`): when they move a parameter or a quality (level, highs, width…)
the other way or edit a track the sentence does not name, the rule reading is the answer and the contradictions are listed in
:attr:`ParseResult.disagreements`. :attr:`ParseResult.backend` says which one answered.

Whatever answered, an instruction that made no edit is not understood (the whole instruction
is listed in ``not_understood`` if the parser listed nothing), and whenever some of it was not
understood, :attr:`ParseResult.suggestions` holds close phrasings that are (:mod:`.suggest`).
Callers refuse an answer without edits (the stage raises :class:`~mixdown.errors.NotUnderstood`,
the gateway answers 422).

``current`` is the job's parameter set: ``{"tracks": {<track>: {<param>: value}}, "buses":
{"reverb": {...}, "delay": {...}, "bus": {...}}, "targets": {"target_lufs": ...}}`` (every key
optional; a missing value is the table's default). ``roles`` maps track names to roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog

from mixdown.errors import InvalidInput
from mixdown_text_control.edits import ParseResult, Session
from mixdown_text_control.guard import disagreements
from mixdown_text_control.language import detect_language, language_of
from mixdown_text_control.llm import LlmBackend, LlmError
from mixdown_text_control.rules import RuleParser
from mixdown_text_control.suggest import suggest

__all__ = ["ParseResult", "TextControl", "parse", "MAX_INSTRUCTION_CHARS"]

log = structlog.get_logger(__name__)

MAX_INSTRUCTION_CHARS = 2000
_RULES = RuleParser()


def _checked(instruction: str) -> str:
    if not isinstance(instruction, str) or not instruction.strip():
        raise InvalidInput("instruction is empty")
    if len(instruction) > MAX_INSTRUCTION_CHARS:
        raise InvalidInput(f"instruction is longer than {MAX_INSTRUCTION_CHARS} characters")
    return instruction


def parse(instruction: str, current: Mapping[str, Any] | None = None, roles: Mapping[str, str] | None = None,
          locale: str = "") -> ParseResult:
    """Edits for ``instruction`` from the rule parser (see the module docstring)."""
    instruction = _checked(instruction)
    return _answered(_RULES.parse(instruction, Session(current, roles), locale), instruction, roles)


def _answered(result: ParseResult, instruction: str, roles: Mapping[str, str] | None) -> ParseResult:
    """``result`` with the whole instruction listed when nothing was read, and suggestions
    whenever something was not understood."""
    if not result.edits and not result.not_understood:
        result.not_understood = [" ".join(instruction.split())]
    if result.not_understood:
        language = language_of(result.locale) or detect_language_of(instruction)
        result.suggestions = suggest(" ".join(result.not_understood), language, (roles or {}).values())
    return result


class TextControl:
    """The parser a service runs: the LLM backend when configured, the rules otherwise and
    whenever the LLM's answer cannot be used."""

    def __init__(self, llm: LlmBackend | None = None) -> None:
        self.llm = llm

    def parse(self, instruction: str, current: Mapping[str, Any] | None = None,
              roles: Mapping[str, str] | None = None, locale: str = "") -> ParseResult:
        instruction = _checked(instruction)
        rules = _RULES.parse(instruction, Session(current, roles), locale)
        if self.llm is None:
            return _answered(rules, instruction, roles)
        language = language_of(locale) or detect_language_of(instruction)
        try:
            result = self.llm.parse(instruction, Session(current, roles), language)
        except LlmError as exc:
            log.warning("llm_fallback", reason=str(exc))
            rules.fallback_reason = str(exc)
            return _answered(rules, instruction, roles)
        result.locale = locale or language
        contradictions = disagreements(result.edits, rules.edits, language, Session(current, roles))
        if contradictions:
            log.warning("llm_disagrees", disagreements=contradictions)
            rules.disagreements = contradictions
            rules.fallback_reason = ("les modifications du modèle contredisent la lecture des règles" if language == "fr"
                                     else "the model's edits contradict the rule reading")
            return _answered(rules, instruction, roles)
        return _answered(result, instruction, roles)


def detect_language_of(instruction: str) -> str:
    from mixdown_text_control.normalise import fold, tokenise

    return detect_language(tokenise(fold(instruction)))
