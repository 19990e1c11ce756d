from typing import Literal

from mixdown.settings import ServiceSettings, service_config


class MixingSettings(ServiceSettings):
    model_config = service_config("MIXING")

    grpc_port: int = 50053
    render_cache_bytes: int = 1 << 30
    """Memory for decoded inputs and render pieces kept for the next revision (0: none)."""
    lane: Literal["", "style"] = ""
    """The queue this worker consumes: "" (mixing; style jobs too unless the gateway routes them to the
    style lane) or "style" (``mix_mode=style`` jobs' mixing: the Helm chart's ``mixing_ml`` worker)."""
