"""The style mode's fields of a job form and its reference track.

``mix_mode=style`` mixes the tracks in the style of a reference: an uploaded ``reference`` file
(the same file a mastering reference is, so with ``mix_mode=style`` it drives the mix and the
master) or ``reference_job``, a finished mix job of the same tenant whose master becomes the
reference ("sound like my last song"). ``style_amount`` (0..1, :data:`mixdown.catalog.STYLE`)
interpolates between the DSP plan and the style result. A reference the style mode cannot use
(not audio, shorter than :data:`~mixdown.catalog.STYLE_MIN_REFERENCE_SECONDS`, silent) is refused
here with an error naming the problem; one at another sample rate is resampled by the mixing stage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from mixdown.audio import AudioInfo
from mixdown.catalog import DEFAULT_MIX_MODE, MIX_MODES, STYLE, STYLE_MIN_REFERENCE_SECONDS
from mixdown.errors import Conflict, InvalidInput, NotFound
from mixdown.events.artifacts import Artifact
from mixdown.events.bus import Bus
from mixdown.events.messages import JobStatus, StyleOptions, check_id
from mixdown.storage import ObjectStore, job_prefix
from mixdown_gateway import forms
from mixdown_gateway.uploads import UploadedFile, shown

STYLE_FIELDS = ("mix_mode", "style_amount", "reference_job")
SILENCE_PEAK_DBFS = -80.0
"""A reference whose peak stays below this level is silence: it has no style to match."""
_SCAN_FRAMES = 1 << 16


@dataclass(frozen=True)
class StyleRequest:
    """The validated style fields: the mode, the amount and the referenced job (if any)."""

    mix_mode: str = DEFAULT_MIX_MODE
    style_amount: float = STYLE["style_amount"].default
    reference_job: str | None = None

    @property
    def style(self) -> bool:
        return self.mix_mode == "style"

    def options(self, reference_name: str) -> dict:
        """The job options that carry the style mode (nothing for a DSP mix)."""
        if not self.style:
            return {}
        return StyleOptions(mix_mode="style", style_amount=self.style_amount, reference_name=reference_name,
                            reference_job=self.reference_job).to_options()


def parse_style(fields: dict[str, list[str]], has_reference_file: bool) -> StyleRequest:
    """Check ``mix_mode``, ``style_amount`` and ``reference_job``; InvalidInput names the problem."""
    mode = (forms.single_field(fields, "mix_mode") or "").strip() or DEFAULT_MIX_MODE
    if mode not in MIX_MODES:
        raise InvalidInput(f"unknown mix_mode {shown(mode)}; choose one of: {', '.join(MIX_MODES)}")
    raw_amount = forms.single_field(fields, "style_amount")
    raw_job = (forms.single_field(fields, "reference_job") or "").strip() or None
    if mode != "style":
        given = [name for name, value in (("style_amount", raw_amount), ("reference_job", raw_job)) if value]
        if given:
            raise InvalidInput(f"{' and '.join(given)} apply to mix_mode=style only; send mix_mode=style "
                               "or leave them out")
        return StyleRequest()
    amount = STYLE["style_amount"].default
    if raw_amount is not None and raw_amount.strip():
        try:
            value = float(raw_amount)
        except ValueError:
            raise InvalidInput(f"style_amount must be a number in 0..1, got {shown(raw_amount)}") from None
        if not math.isfinite(value):
            raise InvalidInput(f"style_amount must be a finite number in 0..1, got {shown(raw_amount)}")
        amount = STYLE["style_amount"].check(value, "style_amount")
    if raw_job is not None:
        try:
            check_id(raw_job, "reference_job")
        except ValueError:
            raise InvalidInput(f"reference_job {raw_job[:80]!r} is not a job id") from None
        if has_reference_file:
            raise InvalidInput("send either a 'reference' file or reference_job, not both")
    elif not has_reference_file:
        raise InvalidInput("mix_mode=style needs a reference: upload one file in the 'reference' field, or "
                           "name a finished mix job of yours in reference_job (its master becomes the reference)")
    return StyleRequest(mix_mode="style", style_amount=amount, reference_job=raw_job)


async def reference_job_master(bus: Bus, tenant: str, job_id: str) -> str:
    """The storage key of the master of ``tenant``'s finished mix job ``job_id``.

    InvalidInput when the job is unknown (to this tenant), not a mix, failed or cancelled, or
    has no master; Conflict while it is still queued or running.
    """
    try:
        record = await bus.jobs.get(tenant, job_id)
    except NotFound:
        raise InvalidInput(f"reference_job: job {job_id} not found") from None
    if record.kind != "mix":
        raise InvalidInput(f"reference_job: job {job_id} is a {record.kind} job; name a mix job, whose master "
                           "becomes the reference")
    if record.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        raise Conflict(f"reference_job: job {job_id} is {record.status.value}; submit this job once it has "
                       "succeeded")
    if record.status is not JobStatus.SUCCEEDED:
        raise InvalidInput(f"reference_job: job {job_id} {record.status.value}; it has no master to match")
    key = record.artifacts.get(Artifact.MASTER.value)
    if not key or not key.startswith(f"{job_prefix(tenant, job_id)}/"):
        raise InvalidInput(f"reference_job: job {job_id} has no master stored with it")
    return key


def fetch_reference_job(store: ObjectStore, key: str, job_id: str, directory: Path) -> UploadedFile:
    """Copy a referenced job's master to a local file, as if it had been uploaded. Blocking."""
    path = directory / "reference-job"
    store.get_file(key, path)
    return UploadedFile("reference", f"{job_id}-master.wav", path, size_bytes=path.stat().st_size)


def check_style_reference(upload: UploadedFile, info: AudioInfo) -> None:
    """Refuse a probed reference the style mode cannot use: shorter than the minimum, or silent
    (its peak never reaches :data:`SILENCE_PEAK_DBFS`). Blocking: run it in a thread."""
    if info.duration_seconds < STYLE_MIN_REFERENCE_SECONDS:
        raise InvalidInput(f"reference {upload.filename!r} lasts {info.duration_seconds:.2f} s; the style mode "
                           f"needs at least {STYLE_MIN_REFERENCE_SECONDS:g} s of music")
    threshold = 10.0 ** (SILENCE_PEAK_DBFS / 20.0)
    peak = 0.0
    try:
        for block in sf.blocks(str(upload.path), blocksize=_SCAN_FRAMES, dtype="float32", always_2d=True):
            peak = max(peak, float(np.max(np.abs(block), initial=0.0)))
            if peak >= threshold:
                return
    except (RuntimeError, sf.LibsndfileError):
        return  # a format libsndfile cannot stream (probe decoded it): the mixing stage checks it again
    raise InvalidInput(f"reference {upload.filename!r} is silent (peak below {SILENCE_PEAK_DBFS:g} dBFS); "
                       "the style mode needs music to match")
