"""Gateway settings: env prefix ``MIXDOWN_GATEWAY_`` (e.g. ``MIXDOWN_GATEWAY_HTTP_PORT=8080``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator

from mixdown import apikeys
from mixdown.catalog import MAX_TRACKS
from mixdown.settings import PLACEHOLDER_SECRETS, ServiceSettings, service_config

MiB = 1024 * 1024


class GatewaySettings(ServiceSettings):
    model_config = service_config("GATEWAY")

    http_host: str = "127.0.0.1"
    http_port: int = Field(8080, ge=0, le=65535)
    grpc_host: str = "127.0.0.1"
    grpc_port: int = Field(50050, ge=0, le=65535)
    grpc_enabled: bool = Field(True, description="serve the internal gRPC GatewayService on grpc_port")
    max_upload_bytes: int = Field(200 * MiB, ge=1, description="largest accepted file, per file")
    max_request_bytes: int = Field(
        MAX_TRACKS * 200 * MiB + 8 * MiB, ge=1, description="largest accepted request body, all files together"
    )
    max_field_bytes: int = Field(64 * 1024, ge=1, description="largest accepted form text field (JSON)")
    max_files: int = Field(MAX_TRACKS, ge=1, le=MAX_TRACKS)
    max_duration_seconds: float = Field(1200.0, gt=0)
    style_lane: bool = Field(False, description="queue mix_mode=style jobs' mixing on the 'style' lane, which "
                             "the style worker (Helm: mixing_ml, GPU pool) consumes; off: the mixing workers run "
                             "them (embedded stack, CPU)")
    default_tenant: str = Field("local", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    sse_heartbeat_seconds: float = Field(10.0, gt=0)
    storage_check_attempts: int = Field(30, ge=1, description="bounded retries for storage at start")
    text_control_grpc_target: str = Field(
        "", description="host:port of the text-control service's gRPC API, for POST /v1/text-control/parse; "
        "empty: previews answer 503 (revisions still work: the text_control stage parses)")

    text_control_deadline_seconds: float = Field(10.0, gt=0, le=120,
                                                 description="deadline of each call to the text-control service")
    dev_api_key: str | None = Field(
        None, repr=False, description="an API key (mdk_<id>_<secret>) registered at start for default_tenant on "
        "plan enterprise; for development stacks (the embedded stack makes one), never a shared deployment")
    link_secret: SecretStr | None = Field(
        None, description="HMAC key of signed download links (24+ characters); when absent each process makes "
        "its own, so replicas behind one address need the same value")
    link_ttl_seconds: float = Field(3600.0, gt=0, description="default lifetime of a signed link")
    public_url: str = Field("", pattern=r"^(https?://[^/?#\s]+(/[^?#\s]*[^/?#\s])?)?$",
                            description="scheme, host and path prefix clients reach the API at (e.g. "
                            "https://mixdown.example.com), for the absolute URLs of signed links; empty: "
                            "taken from each request")
    link_max_ttl_seconds: float = Field(7 * 24 * 3600.0, gt=0, description="longest lifetime a client may ask")
    plans_path: Path | None = Field(None, description="plans file (JSON); default: the plans shipped with the "
                                    "gateway (basic, pro, enterprise)")
    standard_queue_limit_messages: int = Field(
        500, ge=1, description="when this many stage messages wait for a job's first stage, jobs of plans "
        "without priority are refused (503, Retry-After) and priority plans' jobs are still accepted")
    webhooks_enabled: bool = Field(True, description="run the webhook dispatcher in this replica")
    webhook_max_attempts: int = Field(8, ge=1, le=20, description="attempts per webhook delivery")
    webhook_retry_base_seconds: float = Field(5.0, gt=0, description="wait after the first failed attempt; "
                                              "doubles after each")
    webhook_retry_max_seconds: float = Field(600.0, gt=0, description="longest wait between attempts")
    webhook_timeout_seconds: float = Field(10.0, gt=0, le=30, description="time a receiver has to answer")
    webhook_allow_private_hosts: bool = Field(
        False, description="allow callback URLs on loopback, private and link-local addresses (tests, "
        "private deployments); off, such callbacks are refused at submission and before each attempt")

    @field_validator("dev_api_key")
    @classmethod
    def _check_dev_key(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        if value is not None and not apikeys.is_api_key(value):
            raise ValueError("dev_api_key must be an API key such as python -c 'from mixdown.apikeys import "
                             "new_api_key; print(new_api_key())' prints (mdk_<12 hex>_<secret>)")
        return value

    @field_validator("link_secret")
    @classmethod
    def _check_link_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        text = value.get_secret_value()
        if text.lower() in PLACEHOLDER_SECRETS:
            raise ValueError("link_secret is a placeholder value; set a real secret (e.g. openssl rand -hex 32)")
        if len(text) < 24:
            raise ValueError("link_secret must be at least 24 characters (e.g. openssl rand -hex 32)")
        return value

    @model_validator(mode="after")
    def _check_limits(self) -> GatewaySettings:
        if self.max_request_bytes < self.max_upload_bytes:
            raise ValueError("max_request_bytes must be at least max_upload_bytes")
        if self.link_max_ttl_seconds < self.link_ttl_seconds:
            raise ValueError("link_max_ttl_seconds must be at least link_ttl_seconds")
        if self.webhook_retry_max_seconds < self.webhook_retry_base_seconds:
            raise ValueError("webhook_retry_max_seconds must be at least webhook_retry_base_seconds")
        return self
