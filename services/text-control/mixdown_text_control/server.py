"""gRPC TextControlService: decode, call the core, encode."""

from __future__ import annotations

import asyncio

from mixdown.grpcutil import map_errors
from mixdown.mixparams import BUS_NAMES
from mixdown.service import ServiceContext
from mixdown.textcontrol.v1 import text_control_pb2, text_control_pb2_grpc
from mixdown_text_control.core import ParseResult, TextControl
from mixdown_text_control.edits import MASTER


def current_from_proto(entries) -> dict:
    """``repeated TrackParameters`` → ``{"tracks": ..., "buses": ..., "targets": ...}``."""
    current: dict = {"tracks": {}, "buses": {}, "targets": {}}
    for entry in entries:
        values = dict(entry.values)
        if entry.track in BUS_NAMES:
            current["buses"][entry.track] = values
        elif entry.track == MASTER:
            current["targets"] = values
        else:
            current["tracks"][entry.track] = values
    return current


def response_from_result(result: ParseResult) -> text_control_pb2.ParseResponse:
    return text_control_pb2.ParseResponse(
        edits=[text_control_pb2.Edit(target=e.target, parameter=e.parameter, old_value=e.old_value,
                                     value=e.value, explanation=e.explanation, clamped=e.clamped)
               for e in result.edits],
        not_understood=result.not_understood,
        locale=result.locale,
        backend=result.backend,
        fallback_reason=result.fallback_reason,
        suggestions=result.suggestions,
        disagreements=result.disagreements,
    )


class TextControlServicer(text_control_pb2_grpc.TextControlServiceServicer):
    def __init__(self, ctx: ServiceContext, parser: TextControl | None = None) -> None:
        self.ctx = ctx
        settings = ctx.settings
        self.parser = parser or (settings.text_control() if hasattr(settings, "text_control") else TextControl())

    @map_errors
    async def Parse(self, request: text_control_pb2.ParseRequest, context) -> text_control_pb2.ParseResponse:
        current = current_from_proto(request.current)
        # The LLM backend blocks on the network: keep the event loop free (an I/O thread, not compute).
        result = await asyncio.to_thread(self.parser.parse, request.instruction, current, dict(request.roles),
                                         request.locale)
        return response_from_result(result)


def register(server, ctx: ServiceContext) -> None:
    text_control_pb2_grpc.add_TextControlServiceServicer_to_server(TextControlServicer(ctx), server)


SERVICE_NAMES = [text_control_pb2.DESCRIPTOR.services_by_name["TextControlService"].full_name]
