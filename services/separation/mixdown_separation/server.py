"""gRPC SeparationService: decode, run the core in a thread while streaming its progress, encode."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from mixdown.common.v1 import common_pb2
from mixdown.errors import InvalidInput
from mixdown.grpcutil import map_errors
from mixdown.protoconv import audio_ref
from mixdown.separation.v1 import separation_pb2, separation_pb2_grpc
from mixdown.service import ServiceContext
from mixdown_separation.core import Separator
from mixdown_separation.drums import DrumSplitter
from mixdown_separation.stage import StoredStems, check_request, resolve_request, separate_object

_DONE = object()


class CallerGone(Exception):
    """Raised inside the worker thread, at its next progress report, once the caller has left."""


class SeparationServicer(separation_pb2_grpc.SeparationServiceServicer):
    def __init__(self, ctx: ServiceContext, separator: Separator, drum_splitter: DrumSplitter | None = None) -> None:
        self.ctx = ctx
        self.separator = separator
        self.drum_splitter = drum_splitter

    @map_errors
    async def Separate(
        self, request: separation_pb2.SeparateRequest, context
    ) -> AsyncIterator[separation_pb2.SeparateResponse]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        gone = threading.Event()

        def progress(fraction: float, note: str) -> None:
            if gone.is_set():
                raise CallerGone("the caller cancelled the separation")
            item = common_pb2.Progress(fraction=fraction, stage="separating", message=note)
            loop.call_soon_threadsafe(queue.put_nowait, item)

        def work() -> StoredStems:
            try:
                return self._separate(request, progress)
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, _DONE)

        # One request's blocking core, off the event loop in asyncio's default executor;
        # not compute parallelism: the core's parallel parts run on mixdown.dsp.pool.
        task = asyncio.ensure_future(asyncio.to_thread(work))
        try:
            while (item := await queue.get()) is not _DONE:
                yield separation_pb2.SeparateResponse(progress=item)
            out = await task
        finally:
            gone.set()  # stops the thread at its next progress report if the caller went away
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
        stems = [separation_pb2.Stem(name=name, audio=audio_ref(stored)) for name, stored in out.stems.items()]
        analysis = out.analysis
        yield separation_pb2.SeparateResponse(
            result=separation_pb2.SeparateResult(
                stems=stems,
                bpm=float(analysis.get("bpm") or 0.0),
                bpm_confidence=float(analysis.get("bpm_confidence") or 0.0),
                key=str(analysis.get("key") or ""),
                key_confidence=float(analysis.get("key_confidence") or 0.0),
            )
        )

    def _separate(self, request: separation_pb2.SeparateRequest, progress) -> StoredStems:
        store = self.ctx.store
        if not request.audio.uri:
            raise InvalidInput("audio.uri is required")
        if not request.output_prefix_uri:
            raise InvalidInput("output_prefix_uri is required")
        check_request(self.separator, request.model)
        stems = resolve_request(self.separator.sources, list(request.stems_required),
                                request.drum_separation or request.source == "drums", request.format or "wav",
                                request.source or "song")
        key = store.key_from_uri(request.audio.uri)
        prefix = store.key_from_uri(request.output_prefix_uri.rstrip("/"))
        with self.ctx.scratch() as tmp:
            return separate_object(
                self.separator, store, key, prefix, Path(tmp), stems, progress, self.drum_splitter
            )


def register(
    server, ctx: ServiceContext, separator: Separator | None = None, drum_splitter: DrumSplitter | None = None
) -> None:
    """Add the servicer; without ``separator``, load the model (and the drum model) from the settings."""
    if separator is None:
        separator = Separator(**ctx.settings.separator_options())  # type: ignore[attr-defined]
        drum_splitter = DrumSplitter(**ctx.settings.drum_splitter_options())  # type: ignore[attr-defined]
    servicer = SeparationServicer(ctx, separator, drum_splitter)
    separation_pb2_grpc.add_SeparationServiceServicer_to_server(servicer, server)


SERVICE_NAMES = [separation_pb2.DESCRIPTOR.services_by_name["SeparationService"].full_name]
