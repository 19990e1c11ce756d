"""Settings of the text-control service (env prefix ``MIXDOWN_TEXT_CONTROL_``)."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator

from mixdown.settings import ServiceSettings, service_config

_PLACEHOLDERS = {"changeme", "change-me", "secret", "password", "sk-xxx", "your-api-key"}


class TextControlSettings(ServiceSettings):
    """The rule parser always runs; ``llm_url`` + ``llm_model`` add an OpenAI-compatible LLM
    backend in front of it (e.g. ``http://ollama:11434/v1`` and ``qwen2.5:3b-instruct``)."""

    model_config = service_config("TEXT_CONTROL")

    grpc_port: int = 50055
    llm_url: str = Field("", description="OpenAI-compatible API base (…/v1) or chat-completions URL; empty: rules only")
    llm_model: str = Field("", description="model name sent to the LLM endpoint")
    llm_timeout_seconds: float = Field(5.0, gt=0, le=120, description="total time allowed for one LLM answer")
    llm_api_key: SecretStr = Field(SecretStr(""), description="bearer token for the LLM endpoint, if it needs one")

    @model_validator(mode="after")
    def _check_llm(self) -> TextControlSettings:
        if self.llm_url:
            if not self.llm_url.startswith(("http://", "https://")):
                raise ValueError(f"llm_url must start with http:// or https://, got {self.llm_url!r}")
            if not self.llm_model:
                raise ValueError("llm_url is set: llm_model must name the model")
        key = self.llm_api_key.get_secret_value()
        if key and key.lower() in _PLACEHOLDERS:
            raise ValueError("llm_api_key is a placeholder value; set a real key or leave it empty")
        return self

    def text_control(self):
        """The parser these settings describe."""
        from mixdown_text_control.core import TextControl
        from mixdown_text_control.llm import LlmBackend

        if not self.llm_url:
            return TextControl()
        return TextControl(LlmBackend(self.llm_url, self.llm_model, self.llm_timeout_seconds,
                                      self.llm_api_key.get_secret_value()))
