"""gRPC MasteringService: decode, call the core, encode.

``Master`` reads the mix (and the optional reference) from storage, masters it, writes the
master WAV 24-bit to ``output_uri`` and the other requested formats beside it
(``<name>_16.wav``, ``<name>.flac``, ``<name>.mp3``), each decoded again and measured. An
unset target takes its default (``target_lufs`` unset with a reference: the reference's
loudness); a set one is used as given, 0 dBTP included. ``overrides`` replace mastering
parameter defaults, ``corrections`` are QC's. The response returns the parameters, targets
and corrections that produced the master apart from what the chain measured.
"""

from __future__ import annotations

import asyncio
import posixpath
from pathlib import Path

from mixdown.catalog import CORRECTIONS, TARGETS
from mixdown.common.v1 import common_pb2
from mixdown.dsp.loudness import measure
from mixdown.errors import InvalidInput
from mixdown.events.artifacts import MASTER_ARTIFACTS
from mixdown.events.targets import Corrections, DeliveryTargets
from mixdown.grpcutil import map_errors
from mixdown.mastering.v2 import mastering_pb2, mastering_pb2_grpc
from mixdown.protoconv import audio_ref, loudness_metrics, set_fields, unset_none
from mixdown.service import ServiceContext
from mixdown.stageio import load_audio
from mixdown_mastering import core, export
from mixdown_mastering.deliver import deliver

FORMAT_NAMES = {
    mastering_pb2.EXPORT_FORMAT_WAV_24: "wav24",
    mastering_pb2.EXPORT_FORMAT_WAV_16: "wav16",
    mastering_pb2.EXPORT_FORMAT_FLAC: "flac",
    mastering_pb2.EXPORT_FORMAT_MP3_320: "mp3",
}
_SUFFIXES = {"wav16": "_16.wav", "flac": ".flac", "mp3": ".mp3"}


def targets_from(request: mastering_pb2.MasterRequest, has_reference: bool) -> DeliveryTargets:
    """The request's targets; an unset ``target_lufs`` with a reference: the reference's loudness."""
    given = set_fields(request.targets, TARGETS)
    if has_reference:
        given.setdefault("target_lufs", None)
    return DeliveryTargets(**given)


def requested_formats(request: mastering_pb2.MasterRequest) -> list[str]:
    names = []
    for value in request.formats:
        if value not in FORMAT_NAMES:
            raise InvalidInput(f"unknown export format {value}; use one of {', '.join(mastering_pb2.ExportFormat.keys()[1:])}")
        names.append(FORMAT_NAMES[value])
    return names


class MasteringServicer(mastering_pb2_grpc.MasteringServiceServicer):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @map_errors
    async def Master(self, request: mastering_pb2.MasterRequest, context) -> mastering_pb2.MasterResponse:
        # One request's blocking core, off the event loop in asyncio's default executor;
        # not compute parallelism: the core's parallel parts run on mixdown.dsp.pool.
        return await asyncio.to_thread(self._master, request)

    def _master(self, request: mastering_pb2.MasterRequest) -> mastering_pb2.MasterResponse:
        store = self.ctx.store
        if not request.output_uri:
            raise InvalidInput("output_uri is required")
        if not request.mix.uri:
            raise InvalidInput("mix.uri is required")
        out_key = store.key_from_uri(request.output_uri)
        folder, name = posixpath.split(out_key)
        stem = name.rsplit(".", 1)[0] if "." in name else name
        has_reference = request.HasField("reference") and bool(request.reference.uri)
        targets = targets_from(request, has_reference)
        corrections = Corrections(**set_fields(request.corrections, CORRECTIONS))
        wanted = requested_formats(request)
        formats = export.check_formats(wanted)

        def key_for(file_name: str) -> str:
            fmt = next(f for f, artifact in MASTER_ARTIFACTS.items() if artifact.file_name == file_name)
            return out_key if fmt == "wav24" else posixpath.join(folder, stem + _SUFFIXES[fmt])

        with self.ctx.scratch() as tmp:
            mix, rate = load_audio(store, store.key_from_uri(request.mix.uri), Path(tmp))
            reference_audio = None
            if has_reference:
                reference_audio, _ = load_audio(store, store.key_from_uri(request.reference.uri), Path(tmp), rate)
            result = core.master(mix, rate, targets, corrections, dict(request.overrides), reference_audio,
                                 preset=request.preset or None)
            delivered = deliver(result, formats, Path(tmp), store, key_for)
        measurements = dict(result.measurements)
        for fmt, item in delivered.items():
            measurements[f"{fmt}_integrated_lufs"] = item.measured.integrated_lufs
            measurements[f"{fmt}_true_peak_dbtp"] = item.measured.true_peak_dbtp
        exports: list[common_pb2.AudioRef] = [audio_ref(delivered[fmt].stored) for fmt in wanted]
        return mastering_pb2.MasterResponse(
            master=audio_ref(delivered["wav24"].stored),
            exports=exports,
            parameters=result.settings,
            targets=mastering_pb2.Targets(**unset_none(result.targets.model_dump())),
            corrections=mastering_pb2.Corrections(**result.corrections.model_dump()),
            measurements=measurements,
            metrics=loudness_metrics(measure(result.audio, rate)),
        )


def register(server, ctx: ServiceContext) -> None:
    mastering_pb2_grpc.add_MasteringServiceServicer_to_server(MasteringServicer(ctx), server)


SERVICE_NAMES = [mastering_pb2.DESCRIPTOR.services_by_name["MasteringService"].full_name]
