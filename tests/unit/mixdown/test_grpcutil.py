"""grpcutil: health, reflection, error mapping, message limits and metrics on a real loopback server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import grpc
import pytest
import structlog
from google.protobuf import descriptor_pb2
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from prometheus_client import REGISTRY

from mixdown import grpcutil
from mixdown.common.v1 import common_pb2
from mixdown.errors import Conflict, InvalidInput, NotFound, Unavailable
from mixdown.qc.v2 import qc_pb2, qc_pb2_grpc
from mixdown.separation.v1 import separation_pb2, separation_pb2_grpc

QC_SERVICE = qc_pb2.DESCRIPTOR.services_by_name["QcService"].full_name
SEPARATION_SERVICE = separation_pb2.DESCRIPTOR.services_by_name["SeparationService"].full_name
ANALYZE_METHOD = f"/{QC_SERVICE}/Analyze"

# AnalyzeRequest.preset selects what the test servicer does.
RAISES = {
    "invalid": InvalidInput("target_lufs -70.0 is below the minimum -60.0"),
    "missing": NotFound("object s3://bucket/missing.wav does not exist"),
    "unavailable": Unavailable("storage not reachable after 3 attempts"),
    "conflict": Conflict("job j1 already finished; cannot cancel"),
    "bug": RuntimeError("secret internal detail"),
}


SEEN_REQUEST_IDS: list[str | None] = []


class QcServicer(qc_pb2_grpc.QcServiceServicer):
    @grpcutil.map_errors
    async def Analyze(self, request, context):  # noqa: N802 - generated method name
        if request.preset in RAISES:
            raise RAISES[request.preset]
        if request.preset == "whoami":
            SEEN_REQUEST_IDS.append(structlog.contextvars.get_contextvars().get("request_id"))
        if request.preset == "self_abort":
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, "tenant t1 may not read this")
        return qc_pb2.AnalyzeResponse(
            loudness=common_pb2.LoudnessMetrics(integrated_lufs=request.target_lufs), passed=True
        )


class SeparationServicer(separation_pb2_grpc.SeparationServiceServicer):
    @grpcutil.map_errors
    async def Separate(self, request, context):  # noqa: N802 - generated method name
        yield separation_pb2.SeparateResponse(progress=common_pb2.Progress(fraction=0.5, stage="separating"))
        if request.model == "missing":
            raise NotFound(f"model {request.model!r} not found; tried the local cache")
        stem = separation_pb2.Stem(name="vocals", audio=common_pb2.AudioRef(uri="file:///tmp/vocals.wav"))
        yield separation_pb2.SeparateResponse(result=separation_pb2.SeparateResult(stems=[stem], bpm=120.0))


@asynccontextmanager
async def serving(max_message_bytes: int = grpcutil.MAX_MESSAGE_BYTES) -> AsyncIterator[tuple[str, object]]:
    server, health = grpcutil.build_server([QC_SERVICE, SEPARATION_SERVICE], max_message_bytes=max_message_bytes)
    qc_pb2_grpc.add_QcServiceServicer_to_server(QcServicer(), server)
    separation_pb2_grpc.add_SeparationServiceServicer_to_server(SeparationServicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield f"127.0.0.1:{port}", health
    finally:
        await server.stop(None)


async def analyze(target: str, request: qc_pb2.AnalyzeRequest) -> qc_pb2.AnalyzeResponse:
    async with grpcutil.channel(target) as ch:
        return await qc_pb2_grpc.QcServiceStub(ch).Analyze(request, timeout=grpcutil.DEFAULT_DEADLINE_SECONDS)


def test_health_reports_serving_then_not_serving():
    async def scenario():
        async with serving() as (target, health):
            assert await grpcutil.check_health(target)
            assert await grpcutil.check_health(target, service=QC_SERVICE)
            assert await grpcutil.check_health(target, service=SEPARATION_SERVICE)
            assert not await grpcutil.check_health(target, service="mixdown.nothing.v1.NothingService")
            await grpcutil.set_not_serving(health)
            assert not await grpcutil.check_health(target)
            assert not await grpcutil.check_health(target, service=QC_SERVICE)

    asyncio.run(scenario())


def test_check_health_is_false_when_nothing_listens():
    async def scenario():
        async with serving() as (target, _health):
            pass  # the server is stopped on leaving: its port is free again
        assert not await grpcutil.check_health(target, timeout_seconds=0.5)

    asyncio.run(scenario())


def test_reflection_lists_services_and_resolves_their_files():
    async def scenario():
        async with serving() as (target, _health), grpcutil.channel(target) as ch:
            stub = reflection_pb2_grpc.ServerReflectionStub(ch)
            requests = [
                reflection_pb2.ServerReflectionRequest(list_services=""),
                reflection_pb2.ServerReflectionRequest(file_containing_symbol=QC_SERVICE),
            ]
            return [response async for response in stub.ServerReflectionInfo(iter(requests))]

    listing, files = asyncio.run(scenario())
    names = {service.name for service in listing.list_services_response.service}
    assert names == {QC_SERVICE, SEPARATION_SERVICE, "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}
    protos = [
        descriptor_pb2.FileDescriptorProto.FromString(blob)
        for blob in files.file_descriptor_response.file_descriptor_proto
    ]
    qc_file = next(p for p in protos if p.name == "mixdown/qc/v2/qc.proto")
    assert "mixdown/common/v1/common.proto" in qc_file.dependency
    assert [s.name for s in qc_file.service] == ["QcService"]


def test_unary_success_passes_through():
    async def scenario():
        async with serving() as (target, _health):
            return await analyze(target, qc_pb2.AnalyzeRequest(preset="ok", target_lufs=-14.0))

    response = asyncio.run(scenario())
    assert response.passed
    assert response.loudness.integrated_lufs == -14.0


@pytest.mark.parametrize(
    ("preset", "code"),
    [
        ("invalid", grpc.StatusCode.INVALID_ARGUMENT),
        ("missing", grpc.StatusCode.NOT_FOUND),
        ("unavailable", grpc.StatusCode.UNAVAILABLE),
        ("conflict", grpc.StatusCode.FAILED_PRECONDITION),
        ("bug", grpc.StatusCode.INTERNAL),
        ("self_abort", grpc.StatusCode.PERMISSION_DENIED),
    ],
)
def test_unary_errors_map_to_status_codes(preset, code):
    async def scenario():
        async with serving() as (target, _health):
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await analyze(target, qc_pb2.AnalyzeRequest(preset=preset))
            return caught.value

    error = asyncio.run(scenario())
    assert error.code() == code
    if preset in RAISES and code != grpc.StatusCode.INTERNAL:
        assert error.details() == str(RAISES[preset])  # domain messages say what was tried
    if code == grpc.StatusCode.INTERNAL:
        assert error.details() == grpcutil.INTERNAL_MESSAGE
        assert "secret" not in error.details()


def test_server_streaming_success_and_error():
    async def scenario():
        async with serving() as (target, _health), grpcutil.channel(target) as ch:
            stub = separation_pb2_grpc.SeparationServiceStub(ch)
            ok = [r async for r in stub.Separate(separation_pb2.SeparateRequest(model="tiny"), timeout=5)]
            received = []
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                async for response in stub.Separate(separation_pb2.SeparateRequest(model="missing"), timeout=5):
                    received.append(response)
            return ok, received, caught.value

    ok, received, error = asyncio.run(scenario())
    assert [r.WhichOneof("event") for r in ok] == ["progress", "result"]
    assert ok[-1].result.stems[0].name == "vocals"
    assert [r.WhichOneof("event") for r in received] == ["progress"]
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert "model 'missing' not found" in error.details()


def test_message_over_the_server_limit_is_rejected():
    async def scenario():
        async with serving(max_message_bytes=1024) as (target, _health):
            small = await analyze(target, qc_pb2.AnalyzeRequest(preset="x" * 512))
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await analyze(target, qc_pb2.AnalyzeRequest(preset="x" * 2048))
            return small, caught.value

    small, error = asyncio.run(scenario())
    assert small.passed
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_default_limit_is_eight_mebibytes_on_both_ends():
    oversized = qc_pb2.AnalyzeRequest(preset="x" * grpcutil.MAX_MESSAGE_BYTES)
    assert oversized.ByteSize() > grpcutil.MAX_MESSAGE_BYTES

    async def scenario():
        async with serving() as (target, _health):
            with pytest.raises(grpc.aio.AioRpcError) as client_side:  # grpcutil.channel refuses to send it
                await analyze(target, oversized)
            big = grpcutil.channel(target, max_message_bytes=2 * grpcutil.MAX_MESSAGE_BYTES)
            async with big:
                with pytest.raises(grpc.aio.AioRpcError) as server_side:  # the server refuses to receive it
                    await qc_pb2_grpc.QcServiceStub(big).Analyze(oversized, timeout=10)
            return client_side.value, server_side.value

    client_error, server_error = asyncio.run(scenario())
    assert client_error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert server_error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_metrics_count_calls_by_method_and_code():
    def count(code: str) -> float:
        value = REGISTRY.get_sample_value("mixdown_grpc_requests_total", {"method": ANALYZE_METHOD, "code": code})
        return value or 0.0

    def observations() -> float:
        value = REGISTRY.get_sample_value("mixdown_grpc_request_duration_seconds_count", {"method": ANALYZE_METHOD})
        return value or 0.0

    before = {code: count(code) for code in ("OK", "INVALID_ARGUMENT")}
    observed_before = observations()

    async def scenario():
        async with serving() as (target, _health):
            await analyze(target, qc_pb2.AnalyzeRequest(preset="ok"))
            with pytest.raises(grpc.aio.AioRpcError):
                await analyze(target, qc_pb2.AnalyzeRequest(preset="invalid"))

    asyncio.run(scenario())
    assert count("OK") == before["OK"] + 1
    assert count("INVALID_ARGUMENT") == before["INVALID_ARGUMENT"] + 1
    assert observations() == observed_before + 2


def test_map_errors_refuses_synchronous_methods():
    with pytest.raises(TypeError, match="async"):

        @grpcutil.map_errors
        def Analyze(self, request, context):  # noqa: N802
            return None


def test_the_request_id_crosses_grpc_metadata_into_the_servers_log_context():
    async def scenario():
        async with serving() as (target, _health), grpcutil.channel(target) as ch:
            stub = qc_pb2_grpc.QcServiceStub(ch)
            await stub.Analyze(qc_pb2.AnalyzeRequest(preset="whoami"), timeout=5,
                               metadata=grpcutil.request_metadata("req-7f3a"))
            await stub.Analyze(qc_pb2.AnalyzeRequest(preset="whoami"), timeout=5,
                               metadata=grpcutil.request_metadata(""))

    SEEN_REQUEST_IDS.clear()
    asyncio.run(scenario())
    assert SEEN_REQUEST_IDS == ["req-7f3a", ""]
    assert "request_id" not in structlog.contextvars.get_contextvars()  # bound for the call only
