"""gRPC QcService: decode, call the core, encode.

``Analyze`` works on any AudioRef: a master, a mix, a stem or a reference. An unset
``target_lufs`` skips the loudness check; an unset ``ceiling_dbtp`` or ``max_width_percent``
takes its default (-1 dBTP, 140 %), a set one is used as given (0 dBTP included); an unset
``max_lra_lu`` skips the range check. Every scalar measurement goes into ``metrics``; a
verdict without a measured value or threshold leaves the field unset.
"""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

from mixdown.catalog import TARGETS
from mixdown.errors import InvalidInput
from mixdown.events.targets import DeliveryTargets
from mixdown.grpcutil import map_errors
from mixdown.protoconv import loudness_metrics, set_fields, unset_none
from mixdown.qc.v2 import qc_pb2, qc_pb2_grpc
from mixdown.service import ServiceContext
from mixdown.stageio import load_audio
from mixdown_qc.core import analyze

_LEVELS = {"pass": qc_pb2.VERDICT_LEVEL_PASS, "warn": qc_pb2.VERDICT_LEVEL_WARN, "fail": qc_pb2.VERDICT_LEVEL_FAIL}


def targets_from(request: qc_pb2.AnalyzeRequest) -> DeliveryTargets:
    """The request's targets; the loudness check only when ``target_lufs`` is set."""
    return DeliveryTargets(**{"target_lufs": None, **set_fields(request, TARGETS)})


def _number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


class QcServicer(qc_pb2_grpc.QcServiceServicer):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @map_errors
    async def Analyze(self, request: qc_pb2.AnalyzeRequest, context) -> qc_pb2.AnalyzeResponse:
        # One request's blocking core, off the event loop in asyncio's default executor;
        # not compute parallelism: the core's parallel parts run on mixdown.dsp.pool.
        return await asyncio.to_thread(self._analyze, request)

    def _analyze(self, request: qc_pb2.AnalyzeRequest) -> qc_pb2.AnalyzeResponse:
        if not request.audio.uri:
            raise InvalidInput("audio.uri is required")
        targets = targets_from(request)
        key = self.ctx.store.key_from_uri(request.audio.uri)
        with self.ctx.scratch() as tmp:
            audio, rate = load_audio(self.ctx.store, key, Path(tmp))
        analysis = analyze(audio, rate, targets, request.preset or None)
        metrics = analysis.metrics.scalars() if analysis.metrics else {}
        return qc_pb2.AnalyzeResponse(
            loudness=loudness_metrics(analysis.loudness),
            metrics=metrics,
            verdicts=[
                qc_pb2.Verdict(code=v.code, check=v.check, level=_LEVELS[v.level], explanation=v.explanation,
                               **unset_none({"value": _number(v.value), "threshold": _number(v.threshold)}))
                for v in analysis.verdicts
            ],
            passed=analysis.passed,
        )


def register(server, ctx: ServiceContext) -> None:
    qc_pb2_grpc.add_QcServiceServicer_to_server(QcServicer(ctx), server)


SERVICE_NAMES = [qc_pb2.DESCRIPTOR.services_by_name["QcService"].full_name]
