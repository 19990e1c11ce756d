"""gRPC QcService: decode, call the core, encode."""

from __future__ import annotations

import asyncio
from pathlib import Path

from mixdown.grpcutil import map_errors
from mixdown.protoconv import loudness_metrics
from mixdown.qc.v1 import qc_pb2, qc_pb2_grpc
from mixdown.service import ServiceContext
from mixdown.stageio import load_audio
from mixdown_qc.core import analyze

_LEVELS = {"pass": qc_pb2.VERDICT_LEVEL_PASS, "warn": qc_pb2.VERDICT_LEVEL_WARN, "fail": qc_pb2.VERDICT_LEVEL_FAIL}


class QcServicer(qc_pb2_grpc.QcServiceServicer):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @map_errors
    async def Analyze(self, request: qc_pb2.AnalyzeRequest, context) -> qc_pb2.AnalyzeResponse:
        return await asyncio.to_thread(self._analyze, request)

    def _analyze(self, request: qc_pb2.AnalyzeRequest) -> qc_pb2.AnalyzeResponse:
        key = self.ctx.store.key_from_uri(request.audio.uri)
        with self.ctx.scratch() as tmp:
            audio, rate = load_audio(self.ctx.store, key, Path(tmp))
        target = request.target_lufs if request.target_lufs != 0.0 else None
        ceiling = request.ceiling_dbtp if request.ceiling_dbtp != 0.0 else -1.0
        analysis = analyze(audio, rate, target, ceiling)
        return qc_pb2.AnalyzeResponse(
            loudness=loudness_metrics(analysis.loudness),
            verdicts=[
                qc_pb2.Verdict(code=v.code, check=v.check, level=_LEVELS[v.level], explanation=v.explanation,
                               value=v.value if v.value is not None else 0.0,
                               threshold=v.threshold if v.threshold is not None else 0.0)
                for v in analysis.verdicts
            ],
            passed=analysis.passed,
        )


def register(server, ctx: ServiceContext) -> None:
    qc_pb2_grpc.add_QcServiceServicer_to_server(QcServicer(ctx), server)


SERVICE_NAMES = [qc_pb2.DESCRIPTOR.services_by_name["QcService"].full_name]
