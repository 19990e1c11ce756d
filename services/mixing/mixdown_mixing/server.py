"""gRPC MixingService: decode, call the core, encode."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

from mixdown.catalog import DEFAULT_PRESET, STYLE
from mixdown.common.v1 import common_pb2
from mixdown.errors import InvalidInput
from mixdown.events.outputs import StyleReport
from mixdown.grpcutil import map_errors
from mixdown.mixing.v2 import mixing_pb2, mixing_pb2_grpc
from mixdown.mixparams import split_bus_overrides
from mixdown.protoconv import audio_ref, role_name
from mixdown.service import ServiceContext
from mixdown.stageio import job_sample_rate_hz, load_audio, save_wav
from mixdown_mixing.analysis import TrackAnalysis
from mixdown_mixing.core import MixResult, Track, mix, render


class MixingServicer(mixing_pb2_grpc.MixingServiceServicer):
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @map_errors
    async def Mix(self, request: mixing_pb2.MixRequest, context) -> mixing_pb2.MixResponse:
        # One request's blocking core, off the event loop in asyncio's default executor;
        # not compute parallelism: the core's parallel parts run on mixdown.dsp.pool.
        return await asyncio.to_thread(self._mix, request)

    @map_errors
    async def Render(self, request: mixing_pb2.RenderRequest, context) -> mixing_pb2.RenderResponse:
        return await asyncio.to_thread(self._render, request)

    def _load(self, requested: list[mixing_pb2.Track], sample_rate_hz: int, work: Path) -> tuple[list[Track], int]:
        if not requested:
            raise InvalidInput("tracks: at least one track is required")
        store = self.ctx.store
        rate = sample_rate_hz or job_sample_rate_hz([t.audio.sample_rate_hz for t in requested])
        tracks = []
        for index, item in enumerate(requested):
            audio, _ = load_audio(store, store.key_from_uri(item.audio.uri), work, rate)
            tracks.append(Track(name=item.name or f"track{index + 1}", role=role_name(item.role), audio=audio))
        return tracks, rate

    def _output_key(self, uri: str) -> str:
        if not uri:
            raise InvalidInput("output_uri is required")
        return self.ctx.store.key_from_uri(uri)

    def _mix(self, request: mixing_pb2.MixRequest) -> mixing_pb2.MixResponse:
        out_key = self._output_key(request.output_uri)
        overrides: dict[str, dict[str, float]] = {
            t.name or f"track{i + 1}": dict(t.overrides) for i, t in enumerate(request.tracks) if t.overrides
        }
        overrides.update(split_bus_overrides(dict(request.overrides)))
        with self.ctx.scratch() as tmp:
            tracks, rate = self._load(list(request.tracks), request.sample_rate_hz, Path(tmp))
            bpm = request.bpm if request.HasField("bpm") else None
            report = None
            if request.mix_mode == mixing_pb2.MIX_MODE_STYLE:
                result, report = self._style_mix(request, tracks, rate, overrides, bpm, Path(tmp))
            else:
                if request.HasField("reference") or request.HasField("style_amount"):
                    raise InvalidInput("reference and style_amount apply to mix_mode MIX_MODE_STYLE only")
                result = mix(tracks, rate, overrides, preset=request.preset, bpm=bpm)
            stored = save_wav(self.ctx.store, out_key, result.audio, rate, Path(tmp))
        return mixing_pb2.MixResponse(
            **({"style": _style_message(report)} if report is not None else {}),
            mix=audio_ref(stored),
            parameters=[common_pb2.TrackParameters(track=name, values=values)
                        for name, values in result.parameters.items()],
            analysis=[_analysis_message(a) for a in result.analysis],
        )

    def _style_mix(
        self, request: mixing_pb2.MixRequest, tracks: list[Track], rate: int, overrides: dict, bpm: float | None,
        work: Path,
    ) -> tuple[MixResult, StyleReport]:
        from mixdown_mixing.style.mode import style_mix  # the search's imports load only for style requests

        if not request.HasField("reference") or not request.reference.uri:
            raise InvalidInput("reference: MIX_MODE_STYLE needs a reference track (an AudioRef with a uri)")
        amount = STYLE["style_amount"].default
        if request.HasField("style_amount"):
            amount = STYLE["style_amount"].check(request.style_amount, "style_amount")
        uri = request.reference.uri
        reference, reference_rate = load_audio(self.ctx.store, self.ctx.store.key_from_uri(uri), work)
        return style_mix(tracks, rate, reference, reference_rate, reference_name=uri.rsplit("/", 1)[-1],
                         preset=request.preset or DEFAULT_PRESET, overrides=overrides, bpm=bpm, style_amount=amount)

    def _render(self, request: mixing_pb2.RenderRequest) -> mixing_pb2.RenderResponse:
        out_key = self._output_key(request.output_uri)
        parameters = {p.track: dict(p.values) for p in request.parameters}
        with self.ctx.scratch() as tmp:
            tracks, rate = self._load(list(request.tracks), request.sample_rate_hz, Path(tmp))
            audio = render(tracks, rate, parameters)
            stored = save_wav(self.ctx.store, out_key, audio, rate, Path(tmp))
        return mixing_pb2.RenderResponse(mix=audio_ref(stored))


def _analysis_message(item: TrackAnalysis) -> mixing_pb2.TrackAnalysis:
    measurements = {
        "peak_dbfs": item.peak_dbfs,
        "active_rms_dbfs": item.active_rms_dbfs,
        "active_fraction": item.active_fraction,
        "duration_seconds": item.duration_seconds,
        "channels": float(item.channels),
        **{f"spectral_balance_{band}_db": value for band, value in item.spectral_balance_db.items()},
        **{f"spectral_deviation_{band}_db": value for band, value in item.spectral_deviation_db.items()},
    }
    if item.sibilance_db is not None:
        measurements["sibilance_db"] = item.sibilance_db
    if item.sibilant_level_dbfs is not None:
        measurements["sibilant_level_dbfs"] = item.sibilant_level_dbfs
    return mixing_pb2.TrackAnalysis(
        track=item.name,
        **({"integrated_lufs": item.integrated_lufs} if math.isfinite(item.integrated_lufs) else {}),
        crest_factor_db=item.crest_factor_db,
        silent=item.silent,
        notes=item.notes,
        measurements={name: value for name, value in measurements.items() if math.isfinite(value)},
    )


def _style_message(report: StyleReport) -> mixing_pb2.StyleReport:
    return mixing_pb2.StyleReport(
        mode=report.mode, style_amount=report.style_amount, distance_dsp=report.distance_dsp,
        distance_delivered=report.distance_delivered, af_distance_dsp=report.af_distance_dsp,
        af_distance_delivered=report.af_distance_delivered,
        clipped=[mixing_pb2.StyleClip(**clip.model_dump()) for clip in report.clipped],
        fallback_reason=report.fallback_reason or "", seconds=report.seconds,
    )


def register(server, ctx: ServiceContext) -> None:
    mixing_pb2_grpc.add_MixingServiceServicer_to_server(MixingServicer(ctx), server)


SERVICE_NAMES = [mixing_pb2.DESCRIPTOR.services_by_name["MixingService"].full_name]
