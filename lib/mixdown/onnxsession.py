"""One way to open an ONNX model for inference: the CUDA provider first when onnxruntime lists it
(the GPU images carry ``onnxruntime-gpu``), the CPU otherwise, and a domain error naming the file
when onnxruntime cannot load it. Used by the style controller and the drum-part separator.

onnxruntime is imported here, when a session is opened, so that services which never open one do
not need it installed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mixdown.errors import Unavailable

log = logging.getLogger(__name__)

PREFERRED_PROVIDERS = ("CUDAExecutionProvider", "CPUExecutionProvider")


def open_session(path: Path, what: str, *, threads: int | None = None, flat_memory: bool = False) -> Any:
    """An ``onnxruntime.InferenceSession`` of ``path`` on the best provider listed.

    ``what`` names the model in errors ("drum model", "style controller"). ``threads`` caps the
    intra-op threads (one inter-op thread then); ``flat_memory`` turns onnxruntime's CPU memory
    arena off so that each call's buffers are given back (memory stays flat over many chunks of a
    long input). Raises :class:`Unavailable` naming the file when onnxruntime cannot load it.
    """
    import onnxruntime as ort

    available = ort.get_available_providers()
    wanted = [p for p in PREFERRED_PROVIDERS if p in available]
    options = ort.SessionOptions()
    if flat_memory:
        options.enable_cpu_mem_arena = False
    if threads is not None:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    try:
        session = ort.InferenceSession(str(path), sess_options=options, providers=wanted)
    except Exception as exc:  # noqa: BLE001  onnxruntime raises its own untyped errors
        raise Unavailable(f"{what} {path}: onnxruntime could not load it ({exc})"[:500]) from exc
    if "CUDAExecutionProvider" in wanted and "CUDAExecutionProvider" not in session.get_providers():
        # onnxruntime falls back to the CPU silently when CUDA cannot start: say so.
        log.warning("%s: CUDA is listed but the session runs on %s", what, session.get_providers())
    return session
