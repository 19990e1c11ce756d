"""Write ``deploy/docker/constraints.txt``: every runtime dependency of the images, pinned.

The versions are those installed in the development virtualenv (``make install``), where the
whole test suite runs, so an image runs exactly the dependency set the tests passed on. torch is
not listed: the separation image installs its CUDA build from the PyTorch index, pinned in its
Dockerfile (the dev venv holds the CPU build of the same version). Run it after changing a
``pyproject.toml`` or ``requirements-dev.txt``::

    .venv/bin/python deploy/docker/gen_constraints.py > deploy/docker/constraints.txt

``tests/deploy/test_dockerfiles.py`` fails when the file is stale.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys

from packaging.requirements import Requirement

ROOTS = ("mixdown-lib", "mixdown-gateway", "demucs")
"""Installables whose dependencies the images need (every CPU service depends on mixdown-lib only)."""

EXTRA = {"onnxruntime-gpu": "1.31.1", "flatbuffers": "25.12.19"}
"""GPU image only, not installed in the dev venv: pinned here (and onnxruntime-gpu in the Dockerfile)."""

SKIP = re.compile(r"^(mixdown-.*|torch|triton|nvidia-.*)$")
ENVIRONMENT = {"extra": "", "sys_platform": "linux", "platform_machine": "x86_64", "platform_system": "Linux"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: tuple[str, ...]) -> dict[str, str]:
    """name -> installed version for ``roots`` and everything they require on Linux x86_64."""
    found: dict[str, str] = {}
    pending = list(roots)
    while pending:
        name = canonical(pending.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise SystemExit(f"{name} is required but not installed in {sys.prefix}; run `make install`") from None
        found[name] = dist.version.split("+")[0]
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(ENVIRONMENT):
                pending.append(requirement.name)
    return found


def render() -> str:
    pins = {name: version for name, version in closure(ROOTS).items() if not SKIP.match(name)}
    pins.update(EXTRA)
    lines = [
        "# Pinned runtime dependencies of every Mixdown image (pip -c). Generated: do not edit;",
        "# regenerate with `.venv/bin/python deploy/docker/gen_constraints.py > deploy/docker/constraints.txt`.",
        *(f"{name}=={version}" for name, version in sorted(pins.items())),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
