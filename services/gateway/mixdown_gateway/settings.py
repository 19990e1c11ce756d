"""Gateway settings: env prefix ``MIXDOWN_GATEWAY_`` (e.g. ``MIXDOWN_GATEWAY_HTTP_PORT=8080``)."""

from __future__ import annotations

from pydantic import Field, model_validator

from mixdown.catalog import MAX_TRACKS
from mixdown.settings import ServiceSettings, service_config

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
    default_tenant: str = Field("local", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    sse_heartbeat_seconds: float = Field(10.0, gt=0)
    storage_check_attempts: int = Field(30, ge=1, description="bounded retries for storage at start")
    text_control_grpc_target: str = Field(
        "", description="host:port of the text-control service's gRPC API, for POST /v1/text-control/parse; "
        "empty: previews answer 503 (revisions still work: the text_control stage parses)")

    @model_validator(mode="after")
    def _check_limits(self) -> GatewaySettings:
        if self.max_request_bytes < self.max_upload_bytes:
            raise ValueError("max_request_bytes must be at least max_upload_bytes")
        return self
