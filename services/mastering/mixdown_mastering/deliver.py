"""Write, verify and store the deliverables of a master (shared by the stage and the servicer).

Every format is written, decoded again and measured (lossless files are left to the QC stage
when one follows: it decodes and measures every stored file anyway). The lossless files carry the master's
samples; the MP3 is encoded from :func:`mixdown_mastering.core.lossy_master` with
``mp3_headroom_db`` of extra true-peak headroom, and if its decoded true peak still exceeds
the ceiling it is rendered and encoded again with the overshoot (plus 0.2 dB) added to the
headroom, up to :data:`MP3_ATTEMPTS` times. The MP3 branch runs beside the lossless ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mixdown.dsp.pool import parallel_map
from mixdown.events.artifacts import MASTER_ARTIFACTS
from mixdown.events.budget import PhaseClock, timed
from mixdown.stageio import StoredAudio, sha256_file
from mixdown.storage import ObjectStore
from mixdown_mastering import core, export

MP3_ATTEMPTS = 3
_EXTRA_HEADROOM_DB = 0.2


@dataclass
class DeliveredItem:
    stored: StoredAudio
    measured: export.Delivered | None  # None: not decoded here (the QC stage measures it)
    headroom_db: float
    attempts: int
    seconds: float

    def to_dict(self) -> dict:
        measured = ({k: v for k, v in self.measured.to_dict().items() if k not in ("path", "format")}
                    if self.measured is not None else {"measured_by": "qc"})
        return {
            **self.stored.to_dict(),
            **measured,
            "headroom_db": self.headroom_db,
            "attempts": self.attempts,
            "seconds": round(self.seconds, 3),
        }


def _write_lossless(result: core.MasterResult, fmt: str, folder: Path) -> tuple[Path, str]:
    """The file and its SHA-256."""
    path = folder / MASTER_ARTIFACTS[fmt].file_name
    return path, export.write_hashed(fmt, path, result.audio, result.sample_rate_hz)


def _mp3(result: core.MasterResult, folder: Path,
         phases: PhaseClock | None) -> tuple[Path, export.Delivered, float, int]:
    ceiling = result.loudness_settings["ceiling_dbtp"]
    headroom = result.settings["mp3_headroom_db"]
    path = folder / MASTER_ARTIFACTS["mp3"].file_name
    for attempt in range(1, MP3_ATTEMPTS + 1):
        with timed(phases, "encode"):
            audio, _ = core.lossy_master(result, headroom)
            export.write("mp3", path, audio, result.sample_rate_hz)
        with timed(phases, "measure"):
            measured = export.verify("mp3", path)
        if measured.refined_true_peak_dbtp <= ceiling or attempt == MP3_ATTEMPTS:
            return path, measured, headroom, attempt
        headroom += measured.refined_true_peak_dbtp - ceiling + _EXTRA_HEADROOM_DB
    raise AssertionError("unreachable")


def deliver(
    result: core.MasterResult,
    formats: tuple[str, ...],
    work_dir: Path,
    store: ObjectStore,
    key_for: Callable[[str], str],
    verify_lossless: bool = True,
    phases: PhaseClock | None = None,
) -> dict[str, DeliveredItem]:
    """Write, verify and upload every format, side by side on the worker pool (the MP3, whose
    encoding is the longest, first); returns them by format, in delivery order. Without
    ``verify_lossless`` the lossless files are written and uploaded but not decoded. ``phases``
    times each format's encoding, measuring and upload (formats run side by side: their times add)."""
    folder = work_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)

    def one(fmt: str) -> DeliveredItem:
        started = time.perf_counter()
        key = key_for(MASTER_ARTIFACTS[fmt].file_name)
        if fmt == "mp3":
            path, measured, headroom, attempts = _mp3(result, folder, phases)
            with timed(phases, "encode"):
                sha = sha256_file(path)
            with timed(phases, "store"):
                store.put_file(key, path, content_type=export.CONTENT_TYPES[fmt])
        elif not verify_lossless:
            with timed(phases, "encode"):
                (path, sha), headroom, attempts, measured = _write_lossless(result, fmt, folder), 0.0, 1, None
            with timed(phases, "store"):
                store.put_file(key, path, content_type=export.CONTENT_TYPES[fmt])
        else:  # a lossless file is final once written: it is decoded and measured while it uploads
            with timed(phases, "encode"):
                (path, sha), headroom, attempts = _write_lossless(result, fmt, folder), 0.0, 1

            def verify() -> export.Delivered:
                with timed(phases, "measure"):
                    return export.verify(fmt, path, result.measurements.get("loudness_true_peak_dbtp"))

            # An I/O side thread, not compute parallelism: the upload waits on the network while
            # the file is decoded and measured here (the measuring itself uses mixdown.dsp.pool).
            with ThreadPoolExecutor(max_workers=1) as side:
                measuring = side.submit(verify)
                with timed(phases, "store"):
                    store.put_file(key, path, content_type=export.CONTENT_TYPES[fmt])
                measured = measuring.result()
        # what the file decodes to (an MP3's frames are its decoder's); a lossless file holds the master's
        rate, channels, frames = ((measured.sample_rate_hz, measured.channels, measured.frames) if measured
                                  else (result.sample_rate_hz, *result.audio.shape))
        stored = StoredAudio(key=key, uri=store.uri(key), sample_rate_hz=rate, channels=channels, frames=frames,
                             sha256=sha, format=export.STORED_FORMATS[fmt])
        path.unlink(missing_ok=True)
        return DeliveredItem(stored, measured, headroom, attempts, time.perf_counter() - started)

    items = parallel_map(one, formats, cost=lambda fmt: 1.0 if fmt == "mp3" else 0.0)
    return dict(zip(formats, items, strict=True))
