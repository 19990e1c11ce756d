"""gRPC TextControlService: decode, call the core, encode."""

from __future__ import annotations

from mixdown.errors import InvalidInput
from mixdown.grpcutil import map_errors
from mixdown.service import ServiceContext
from mixdown.textcontrol.v1 import text_control_pb2, text_control_pb2_grpc
from mixdown_text_control.core import parse

MAX_INSTRUCTION_CHARS = 2000


class TextControlServicer(text_control_pb2_grpc.TextControlServiceServicer):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @map_errors
    async def Parse(self, request: text_control_pb2.ParseRequest, context) -> text_control_pb2.ParseResponse:
        if not request.instruction.strip():
            raise InvalidInput("instruction is empty")
        if len(request.instruction) > MAX_INSTRUCTION_CHARS:
            raise InvalidInput(f"instruction is longer than {MAX_INSTRUCTION_CHARS} characters")
        current = {p.track: dict(p.values) for p in request.current}
        result = parse(request.instruction, current, request.locale)
        return text_control_pb2.ParseResponse(
            edits=[text_control_pb2.Edit(target=e.target, parameter=e.parameter, old_value=e.old_value,
                                         value=e.value, explanation=e.explanation, clamped=e.clamped)
                   for e in result.edits],
            not_understood=result.not_understood,
            locale=result.locale,
        )


def register(server, ctx: ServiceContext) -> None:
    text_control_pb2_grpc.add_TextControlServiceServicer_to_server(TextControlServicer(ctx), server)


SERVICE_NAMES = [text_control_pb2.DESCRIPTOR.services_by_name["TextControlService"].full_name]
