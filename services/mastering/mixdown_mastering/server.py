"""gRPC MasteringService: decode, call the core, encode."""

from __future__ import annotations

import asyncio
from pathlib import Path

from mixdown.catalog import DEFAULT_CEILING_DBTP, DEFAULT_TARGET_LUFS
from mixdown.dsp.loudness import measure
from mixdown.errors import InvalidInput
from mixdown.grpcutil import map_errors
from mixdown.mastering.v1 import mastering_pb2, mastering_pb2_grpc
from mixdown.protoconv import audio_ref, loudness_metrics
from mixdown.service import ServiceContext
from mixdown.stageio import load_audio, save_wav
from mixdown_mastering.core import Targets, master


class MasteringServicer(mastering_pb2_grpc.MasteringServiceServicer):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @map_errors
    async def Master(self, request: mastering_pb2.MasterRequest, context) -> mastering_pb2.MasterResponse:
        return await asyncio.to_thread(self._master, request)

    def _master(self, request: mastering_pb2.MasterRequest) -> mastering_pb2.MasterResponse:
        store = self.ctx.store
        if not request.output_uri:
            raise InvalidInput("output_uri is required")
        out_key = store.key_from_uri(request.output_uri)
        targets = Targets(
            target_lufs=request.targets.target_lufs or DEFAULT_TARGET_LUFS,
            ceiling_dbtp=request.targets.ceiling_dbtp or DEFAULT_CEILING_DBTP,
        )
        with self.ctx.scratch() as tmp:
            mix, rate = load_audio(store, store.key_from_uri(request.mix.uri), Path(tmp))
            out, parameters = master(mix, rate, targets, dict(request.corrections))
            stored = save_wav(store, out_key, out, rate, Path(tmp), bit_depth="24")
        return mastering_pb2.MasterResponse(
            master=audio_ref(stored),
            parameters={k: float(v) for k, v in parameters.items()},
            metrics=loudness_metrics(measure(out, rate)),
        )


def register(server, ctx: ServiceContext) -> None:
    mastering_pb2_grpc.add_MasteringServiceServicer_to_server(MasteringServicer(ctx), server)


SERVICE_NAMES = [mastering_pb2.DESCRIPTOR.services_by_name["MasteringService"].full_name]
