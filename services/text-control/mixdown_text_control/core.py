"""Text control's facade: an instruction and the parameters in force → edits.

``parse(instruction, current, roles, locale)`` runs the embedded rule parser. A
:class:`TextControl` built with an :class:`~mixdown_text_control.llm.LlmBackend` asks the
language model first and falls back to the rules when it fails, times out or answers outside
the parameter tables; :attr:`ParseResult.backend` says which one answered.

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
from mixdown_text_control.llm import LlmBackend, LlmError
from mixdown_text_control.rules import RuleParser, detect_language, language_of

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
    return _RULES.parse(_checked(instruction), Session(current, roles), locale)


class TextControl:
    """The parser a service runs: the LLM backend when configured, the rules otherwise and
    whenever the LLM's answer cannot be used."""

    def __init__(self, llm: LlmBackend | None = None) -> None:
        self.llm = llm

    def parse(self, instruction: str, current: Mapping[str, Any] | None = None,
              roles: Mapping[str, str] | None = None, locale: str = "") -> ParseResult:
        instruction = _checked(instruction)
        if self.llm is None:
            return _RULES.parse(instruction, Session(current, roles), locale)
        session = Session(current, roles)
        language = language_of(locale) or detect_language_of(instruction)
        try:
            result = self.llm.parse(instruction, session, language)
            result.locale = locale or language
            return result
        except LlmError as exc:
            log.warning("llm_fallback", reason=str(exc))
            result = _RULES.parse(instruction, Session(current, roles), locale)
            result.fallback_reason = str(exc)
            return result


def detect_language_of(instruction: str) -> str:
    from mixdown_text_control.normalise import fold, tokenise

    return detect_language(tokenise(fold(instruction)))
