"""The mixing stage: the job's input tracks from storage → mix WAV (float32) in storage.

Revision 0 analyses the tracks, plans every parameter and mixes (:func:`~mixdown_mixing.core.mix`).
A later revision (``job.revision > 0``: "enlève le delay", explicit overrides) analyses nothing:
it takes the full parameter set of the previous mix (``job.parameters.mixing``,
:class:`~mixdown.events.outputs.MixingOutput`), applies this revision's edits (those the
``text_control`` stage of the same revision recorded, and any ``job.options["edits"]``) and then ``job.options["overrides"]``, and renders the stored inputs
with :func:`~mixdown_mixing.core.render` (deterministic: the same parameters give the same bits).

A ``mix_mode=style`` job (:class:`~mixdown.events.messages.StyleOptions`) mixes revision 0 with
:func:`mixdown_mixing.style.mode.style_mix` against its reference track (``options["reference_key"]``,
in the job's folder: an upload or a copy of another job's master) and records the
:class:`~mixdown.events.outputs.StyleReport` in ``MixingOutput.style``. A reference the style mode
cannot use gives the DSP mix with the reason in the report (never a failed job). A revision of a
style mix re-renders its stored parameters like any other (the search is not run again) and keeps
the report of the search that found them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import structlog

from mixdown.catalog import DEFAULT_PRESET
from mixdown.errors import InvalidInput
from mixdown.events.artifacts import Artifact
from mixdown.events.messages import JobRecord, StyleOptions
from mixdown.events.outputs import MixingOutput, StyleReport
from mixdown.events.stage import StageContext, StageResult
from mixdown.mixparams import BUS_NAMES, check_full_set, check_values, parse_job_overrides
from mixdown.stageio import finite, job_sample_rate_hz, load_audio, save_wav
from mixdown_mixing.cache import RenderCache
from mixdown_mixing.core import MixResult, Track, mix, render

log = structlog.get_logger(__name__)

MASTER = "master"  # text-control edits of the master are delivery targets, not mix parameters


def revision_edits(job: JobRecord) -> list[dict[str, Any]]:
    """This revision's edits: the text-control stage's (when it ran for this revision), then
    any given with the revision itself (``job.options["edits"]``)."""
    parsed = job.parameters.text_control
    edits = [e.model_dump() for e in parsed.edits] if parsed is not None and parsed.revision == job.revision else []
    return edits + list(job.options.get("edits") or [])


def revised_parameters(
    previous: MixingOutput, edits: Iterable[Mapping[str, Any]], overrides: Mapping[str, Any] | None,
    roles: Mapping[str, str],
) -> tuple[dict[str, dict[str, float]], list[dict[str, Any]]]:
    """The previous mix's full parameter set with ``edits`` then ``overrides`` applied, checked
    against the tables; and the list of values that changed (``{"target", "parameter", "old",
    "value"}``). Nothing else moves."""
    tracks, buses = previous.tracks, previous.buses
    before = {name: dict(values) for name, values in tracks.items()}
    before.update({bus: dict(buses.get(bus) or {}) for bus in BUS_NAMES})
    parameters = {name: dict(values) for name, values in before.items()}
    for edit in edits:
        target, name = str(edit.get("target")), str(edit.get("parameter"))
        if target == MASTER:
            continue
        if target not in parameters:
            raise InvalidInput(f"edit of {target}.{name}: no such track or bus in this mix; "
                               f"tracks: {', '.join(map(repr, tracks))}")
        parameters[target].update(check_values(target, {name: edit.get("value")}, roles.get(target)))
    if overrides:
        routed, bpm = parse_job_overrides({k: v for k, v in overrides.items() if k != "targets"}, roles)
        for target, values in routed.items():
            parameters[target].update(values)
        if bpm is not None:
            parameters["delay"]["bpm"] = bpm
    parameters = check_full_set(parameters, roles)
    changed = [{"target": target, "parameter": name, "old": before[target].get(name), "value": value}
               for target, values in parameters.items() for name, value in values.items()
               if before[target].get(name) != value]
    return parameters, changed


def preload_style_mode() -> bool:
    """Import the style mode (torch and onnxruntime: a second or more on a cold worker) and open
    its controller, so that a worker's first style job does not wait for them. False on a worker
    without the style mode's packages (the CPU image: nothing loads) or whose controller does not
    open (its style jobs report why)."""
    started = time.perf_counter()
    try:
        from mixdown_mixing.style.mode import shipped_controller

        shipped_controller()
    except ImportError as exc:
        log.info("style_mode_not_preloaded", reason=str(exc))
        return False
    except Exception as exc:  # noqa: BLE001  a style job reports the same problem when it runs
        log.warning("style_mode_preload_failed", error=str(exc)[:500])
        return False
    log.info("style_mode_preloaded", seconds=round(time.perf_counter() - started, 3))
    return True


def start_style_preload() -> threading.Thread:
    """:func:`preload_style_mode` on a thread of its own (the worker serves meanwhile).

    Not a daemon: a process told to stop mid-load waits for the load to end, since native code
    killed by interpreter exit aborts the process instead of exiting cleanly.
    """
    thread = threading.Thread(target=preload_style_mode, name="style-preload", daemon=False)
    thread.start()
    return thread


def style_fallback(reason: str, style: StyleOptions) -> StyleReport:
    """The report of a style job mixed by the DSP plan because its reference could not be used."""
    return StyleReport(mode="dsp", style_amount=style.style_amount, reference=style.reference_name,
                       distance_dsp={}, distance_delivered={}, fallback_reason=reason)


class MixingStage:
    name = "mixing"

    def __init__(self, cache: RenderCache | None = None, lane: str = "") -> None:
        self.cache = cache
        self.lane = lane
        """The queue this worker consumes: "" (every mixing message but the style lane's) or "style"."""

    def _style_mix(
        self, ctx: StageContext, tracks: list[Track], rate: int, style: StyleOptions, overrides: dict,
        bpm: float | None,
    ) -> tuple[MixResult, StyleReport]:
        """The style mode's mix of revision 0, or the DSP mix with the reason when the reference
        cannot be used (missing, unreadable, silent, too short…) or this worker lacks the style
        mode's packages (a CPU image without torch: the reason says so, the job still gets a mix)."""
        preset = ctx.job.preset or DEFAULT_PRESET
        key = ctx.job.options.get("reference_key")
        try:
            # loaded while the worker started (start_style_preload) where the packages are installed
            from mixdown_mixing.style.mode import style_mix

            if not isinstance(key, str) or not key.startswith(f"{ctx.job_prefix}/"):
                raise InvalidInput("the job has no reference track in its folder (options.reference_key)")
            reference, reference_rate = load_audio(ctx.store, key, ctx.work_dir, phases=ctx.phases)
            ctx.report_progress(0.45, "matching the reference")
            with ctx.phases("compute"):
                return style_mix(tracks, rate, reference, reference_rate, reference_name=style.reference_name,
                                 preset=preset, overrides=overrides, bpm=bpm, style_amount=style.style_amount,
                                 cache=self.cache)
        except InvalidInput as exc:
            reason = f"style mode not applied: {exc}; the DSP mix is delivered"
        except ImportError as exc:
            log.error("style_mode_unavailable", error=str(exc))
            reason = (f"style mode not applied: this mixing worker lacks its packages ({exc}); "
                      "the DSP mix is delivered")
        with ctx.phases("compute"):
            result = mix(tracks, rate, overrides, preset=preset, bpm=bpm, cache=self.cache)
        return result, style_fallback(reason, style)

    def _input(self, ctx: StageContext, key: str, rate: int) -> np.ndarray:
        """An input track decoded at the mix rate (stored inputs never change: memoised)."""
        def decode() -> np.ndarray:
            return load_audio(ctx.store, key, ctx.work_dir, rate, phases=ctx.phases)[0]
        return decode() if self.cache is None else self.cache.get_or_compute("input", (key, rate), decode)

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        roles = {t.name: t.role for t in job.inputs}
        style = StyleOptions.of(job.options)
        style_report: StyleReport | None = None
        previous = job.parameters.mixing
        revising = job.revision > 0 and previous is not None and bool(previous.tracks)
        if revising:
            parameters, changed = revised_parameters(previous, revision_edits(job), job.options.get("overrides"),
                                                     roles)
            rate = previous.sample_rate_hz
        else:
            # The job's overrides were checked at submission; checking again costs nothing and
            # guards records written by older gateways.
            overrides, bpm = parse_job_overrides(job.overrides, roles)
            rate = job_sample_rate_hz([t.sample_rate_hz for t in job.inputs])
        before = self.cache.counts() if self.cache is not None else None
        tracks = []
        for index, item in enumerate(job.inputs):
            audio = self._input(ctx, item.key, rate)
            tracks.append(Track(name=item.name, role=item.role, audio=audio, source=item.key))
            ctx.report_progress(0.4 * (index + 1) / len(job.inputs), f"loaded {item.name}")
        if revising:
            with ctx.phases("compute"):
                audio = render(tracks, rate, parameters, cache=self.cache)
            first = job.metrics.mixing
            report = {**(first.report if first else {}), "revision": job.revision, "rendered_only": True,
                      "changed": changed}
            analysis = first.analysis if first else []
            preset = previous.preset or job.preset or DEFAULT_PRESET
            style_report = previous.style
        else:
            if style.mix_mode == "style":
                result, style_report = self._style_mix(ctx, tracks, rate, style, overrides, bpm)
            else:
                with ctx.phases("compute"):
                    result = mix(tracks, rate, overrides, preset=job.preset or DEFAULT_PRESET, bpm=bpm,
                                 cache=self.cache)
            audio, parameters, report = result.audio, result.parameters, finite(result.report)
            analysis = finite([a.to_dict() for a in result.analysis])
            preset = result.report["preset"]
        if before is not None:
            after = self.cache.counts()
            report = {**report, "reused": {kind: count - before["hits"].get(kind, 0)
                                           for kind, count in after["hits"].items()
                                           if count > before["hits"].get(kind, 0)}}
        ctx.report_progress(0.9, "mixed")
        stored = save_wav(ctx.store, ctx.output_key(Artifact.MIX.file_name), audio, rate, ctx.work_dir,
                          phases=ctx.phases)
        output = MixingOutput(
            preset=preset, sample_rate_hz=rate, bpm=parameters["delay"]["bpm"],
            tracks={name: values for name, values in parameters.items() if name not in BUS_NAMES},
            buses={name: parameters[name] for name in BUS_NAMES},
            **({"revision": job.revision, "changed": changed} if revising else {}),
            style=style_report,
        )
        return StageResult(
            artifacts={Artifact.MIX: stored.key},
            parameters=output.model_dump(),
            metrics={"mix": stored.to_dict(), "analysis": analysis, "report": report},
        )
