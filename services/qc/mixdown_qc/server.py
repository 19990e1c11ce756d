"""gRPC QcService: decode, call the core, encode.

``Analyze`` works on any AudioRef: a master, a mix, a stem or a reference. A zero
``target_lufs`` skips the loudness check; a zero ``ceiling_dbtp`` and ``max_width_percent``
select the defaults (-1 dBTP, 140 %); a zero ``max_lra_lu`` skips the range check. Every
scalar measurement goes into ``metrics``.
"""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

from mixdown.catalog import DEFAULT_CEILING_DBTP, DEFAULT_MAX_WIDTH_PERCENT
from mixdown.errors import InvalidInput
from mixdown.grpcutil import map_errors
from mixdown.protoconv import loudness_metrics
from mixdown.qc.v1 import qc_pb2, qc_pb2_grpc
from mixdown.service import ServiceContext
from mixdown.stageio import load_audio
from mixdown_qc.core import Thresholds, analyze

_LEVELS = {"pass": qc_pb2.VERDICT_LEVEL_PASS, "warn": qc_pb2.VERDICT_LEVEL_WARN, "fail": qc_pb2.VERDICT_LEVEL_FAIL}


def thresholds_from(request: qc_pb2.AnalyzeRequest) -> Thresholds:
    return Thresholds(
        target_lufs=request.target_lufs if request.target_lufs != 0.0 else None,
        ceiling_dbtp=request.ceiling_dbtp if request.ceiling_dbtp != 0.0 else DEFAULT_CEILING_DBTP,
        max_width_percent=request.max_width_percent or DEFAULT_MAX_WIDTH_PERCENT,
        max_lra_lu=request.max_lra_lu or None,
        preset=request.preset or None,
    )


def _number(value: float | None) -> float:
    return value if value is not None and math.isfinite(value) else 0.0


class QcServicer(qc_pb2_grpc.QcServiceServicer):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @map_errors
    async def Analyze(self, request: qc_pb2.AnalyzeRequest, context) -> qc_pb2.AnalyzeResponse:
        return await asyncio.to_thread(self._analyze, request)

    def _analyze(self, request: qc_pb2.AnalyzeRequest) -> qc_pb2.AnalyzeResponse:
        if not request.audio.uri:
            raise InvalidInput("audio.uri is required")
        thresholds = thresholds_from(request)
        key = self.ctx.store.key_from_uri(request.audio.uri)
        with self.ctx.scratch() as tmp:
            audio, rate = load_audio(self.ctx.store, key, Path(tmp))
        analysis = analyze(audio, rate, thresholds)
        metrics = analysis.metrics.scalars() if analysis.metrics else {}
        return qc_pb2.AnalyzeResponse(
            loudness=loudness_metrics(analysis.loudness),
            metrics=metrics,
            verdicts=[
                qc_pb2.Verdict(code=v.code, check=v.check, level=_LEVELS[v.level], explanation=v.explanation,
                               value=_number(v.value), threshold=_number(v.threshold))
                for v in analysis.verdicts
            ],
            passed=analysis.passed,
        )


def register(server, ctx: ServiceContext) -> None:
    qc_pb2_grpc.add_QcServiceServicer_to_server(QcServicer(ctx), server)


SERVICE_NAMES = [qc_pb2.DESCRIPTOR.services_by_name["QcService"].full_name]
