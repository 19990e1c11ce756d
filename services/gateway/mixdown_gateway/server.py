"""The internal gRPC GatewayService (GetJob, CancelJob): a thin servicer over the same bus.

It is not exposed to the internet: it carries no API keys, trusts the tenant named in the
request's JobRef. The chart's NetworkPolicy lets only the peers listed in the gateway's
``callers`` and ``extra_ingress`` reach its gRPC port (none by default).
"""

from __future__ import annotations

import grpc
import structlog

from mixdown import grpcutil
from mixdown.errors import InvalidInput
from mixdown.events.bus import Bus
from mixdown.events.messages import check_id
from mixdown.gateway.v1 import gateway_pb2, gateway_pb2_grpc
from mixdown_gateway import control

log = structlog.get_logger(__name__)

SERVICE_NAMES = grpcutil.full_service_names([gateway_pb2.DESCRIPTOR])


class GatewayServicer(gateway_pb2_grpc.GatewayServiceServicer):
    def __init__(self, bus: Bus, default_tenant: str) -> None:
        self.bus = bus
        self.default_tenant = default_tenant

    def _ref(self, request) -> tuple[str, str]:
        """(tenant, job_id) of the request's JobRef; an empty tenant means the default one."""
        if not request.HasField("job") or not request.job.job_id:
            raise InvalidInput("job.job_id is required")
        tenant = request.job.tenant or self.default_tenant
        try:
            check_id(tenant, "job.tenant")
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        return tenant, request.job.job_id

    @grpcutil.map_errors
    async def GetJob(self, request: gateway_pb2.GetJobRequest, context: grpc.aio.ServicerContext):
        tenant, job_id = self._ref(request)
        record = await control.get_job(self.bus, tenant, job_id)
        return gateway_pb2.GetJobResponse(
            status=record.status.value,
            stage=record.stage or "",
            progress=record.progress,
            record_json=record.model_dump_json(),
        )

    @grpcutil.map_errors
    async def CancelJob(self, request: gateway_pb2.CancelJobRequest, context: grpc.aio.ServicerContext):
        tenant, job_id = self._ref(request)
        record = await control.cancel_job(self.bus, tenant, job_id)
        return gateway_pb2.CancelJobResponse(status=record.status.value)


class GrpcServer:
    """The gRPC server's lifecycle, driven by the HTTP app's lifespan."""

    def __init__(self, bus: Bus, default_tenant: str, host: str, port: int,
                 max_message_bytes: int = grpcutil.MAX_MESSAGE_BYTES) -> None:
        self.server, self.health = grpcutil.build_server(SERVICE_NAMES, max_message_bytes)
        gateway_pb2_grpc.add_GatewayServiceServicer_to_server(GatewayServicer(bus, default_tenant), self.server)
        self.port = self.server.add_insecure_port(f"{host}:{port}")

    async def start(self) -> None:
        await self.server.start()
        log.info("grpc_started", port=self.port)

    async def stop(self, grace_seconds: float) -> None:
        await grpcutil.set_not_serving(self.health)
        await self.server.stop(grace=grace_seconds)
        log.info("grpc_stopped")
