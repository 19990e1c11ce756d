"""Settings shared by every service; each service subclasses with its own env prefix.

Values come from the environment only (no files), are validated at start and fail fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "password", "minioadmin"})


class ServiceSettings(BaseSettings):
    """Common settings. Subclasses set ``model_config = service_config("MIXING")``."""

    model_config = SettingsConfigDict(env_prefix="MIXDOWN_", extra="ignore")

    nats_url: str = "nats://127.0.0.1:4222"
    nats_connect_attempts: int = Field(30, ge=1, description="bounded retries at start")
    storage_backend: Literal["local", "s3"] = "local"
    storage_root: Path = Path(".mixdown/objects")
    s3_endpoint: str = ""
    s3_bucket: str = "mixdown"
    s3_access_key: SecretStr = SecretStr("")
    s3_secret_key: SecretStr = SecretStr("")
    s3_secure: bool = False
    s3_region: str = ""
    grpc_port: int = Field(50051, ge=0, le=65535)
    grpc_max_message_bytes: int = Field(
        8 * 1024 * 1024, ge=64 * 1024, description="largest gRPC message the server and its channels send or receive"
    )
    metrics_port: int = Field(9090, ge=0, le=65535)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    worker_enabled: bool = True
    ack_wait_seconds: float = Field(30.0, gt=0)
    max_deliver: int = Field(5, ge=1)
    work_dir: Path = Path(".mixdown/work")
    shutdown_grace_seconds: float = Field(20.0, ge=0)
    fault_pause_at: Literal["", "before_compute", "after_output", "before_ack"] = Field(
        "", description="fault injection for resilience tests: pause the worker at this point"
    )
    fault_pause_seconds: float = Field(0.0, ge=0)

    @model_validator(mode="after")
    def _check_storage(self) -> ServiceSettings:
        if self.storage_backend == "s3":
            if not self.s3_endpoint:
                raise ValueError("storage_backend=s3 needs s3_endpoint (host:port)")
            for name in ("s3_access_key", "s3_secret_key"):
                value = getattr(self, name).get_secret_value()
                if not value:
                    raise ValueError(f"storage_backend=s3 needs {name}")
                if value.lower() in PLACEHOLDER_SECRETS:
                    raise ValueError(f"{name} is a placeholder value; set a real secret")
        return self


def service_config(service: str) -> SettingsConfigDict:
    """Settings config for one service: env prefix ``MIXDOWN_<SERVICE>_``."""
    return SettingsConfigDict(env_prefix=f"MIXDOWN_{service.upper()}_", extra="ignore")
