"""Shared helpers for the deploy checks: the services, their images and the Helm chart.

The CPU services share one parameterised Dockerfile (``deploy/docker/Dockerfile``, built with
``--build-arg SERVICE=… MODULE=… ENV_PREFIX=… GRPC_PORT=…`` and, for the gateway, ``--target
gateway``); the separation service has its own CUDA Dockerfile. :func:`image_instructions` reads
a service's image as ``docker build`` would make it: the chain of stages from the target back to
its base image, with the build arguments in scope substituted.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHART_DIR = ROOT / "deploy" / "helm" / "mixdown"
CPU_DOCKERFILE = ROOT / "deploy" / "docker" / "Dockerfile"


@dataclass(frozen=True)
class ServiceImage:
    directory: str  # services/<directory>
    module: str  # python -m mixdown_<module>; env prefix MIXDOWN_<MODULE>_
    grpc_port: int  # the service's default gRPC port, given to the CPU image as GRPC_PORT

    @property
    def cpu(self) -> bool:
        return self.module != "separation"

    @property
    def dockerfile(self) -> Path:
        return CPU_DOCKERFILE if self.cpu else ROOT / "services" / self.directory / "Dockerfile"

    @property
    def env_prefix(self) -> str:
        return f"MIXDOWN_{self.module.upper()}_"

    @property
    def build_args(self) -> dict[str, str]:
        if not self.cpu:
            return {}
        return {"SERVICE": self.directory, "MODULE": self.module, "ENV_PREFIX": self.env_prefix,
                "GRPC_PORT": str(self.grpc_port)}

    @property
    def target(self) -> str | None:
        """The ``--target`` stage; None builds the last stage."""
        return "gateway" if self.module == "gateway" else None


SERVICES = (
    ServiceImage("gateway", "gateway", 50050),
    ServiceImage("separation", "separation", 50052),
    ServiceImage("mixing", "mixing", 50053),
    ServiceImage("mastering", "mastering", 50054),
    ServiceImage("text-control", "text_control", 50055),
    ServiceImage("qc", "qc", 50056),
)
STYLE_WORKER_DOCKERFILE = ROOT / "deploy" / "docker" / "mixing-cuda.Dockerfile"
"""The mixing service's CUDA image for the style worker (Helm: services.mixing_ml)."""
DOCKERFILES = sorted({service.dockerfile for service in SERVICES} | {STYLE_WORKER_DOCKERFILE})


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs with line continuations joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    current = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        keyword, _, rest = current.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        current = ""
    return instructions


def _stages(path: Path) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    """(base, stage name or None, instructions from its FROM on) for each stage of the file."""
    stages: list[tuple[str, str | None, list[tuple[str, str]]]] = []
    for keyword, rest in dockerfile_instructions(path):
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append((words[0], name, []))
        if stages:
            stages[-1][2].append((keyword, rest))
    return stages


_ARG_REFERENCE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
_SUBSTITUTED = ("ENV", "EXPOSE", "LABEL", "COPY", "WORKDIR", "USER")


def _substitute(text: str, values: dict[str, str]) -> str:
    """``$NAME`` and ``${NAME}`` replaced by their value where ``values`` has one; others left as written."""
    return _ARG_REFERENCE.sub(lambda m: values.get(m.group(1) or m.group(2), m.group(0)), text)


def _resolved_stages(service: ServiceImage) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    """Every stage of the service's Dockerfile with each build argument substituted where it is in
    scope (declared by an ARG of the same stage) in the instructions docker expands (ENV keys and
    values, EXPOSE, LABEL, COPY, ...)."""
    resolved = []
    for base, name, instructions in _stages(service.dockerfile):
        scope: dict[str, str] = {}
        out: list[tuple[str, str]] = []
        for keyword, rest in instructions:
            if keyword == "ARG":
                arg, _, default = rest.partition("=")
                scope[arg.strip()] = service.build_args.get(arg.strip(), default)
            elif keyword in _SUBSTITUTED:
                rest = _substitute(rest, scope)
            out.append((keyword, rest))
        resolved.append((base, name, out))
    return resolved


def build_instructions(service: ServiceImage) -> list[tuple[str, str]]:
    """The instructions of every stage, the build stage included, as built for this service."""
    return [pair for _, _, instructions in _resolved_stages(service) for pair in instructions]


def image_instructions(service: ServiceImage) -> list[tuple[str, str]]:
    """The instructions that make the service's image: the chain of stages from the FROM of its
    outside base image to its target (the last stage when it has none), as built for this service."""
    stages = _resolved_stages(service)
    by_name = {name: index for index, (_, name, _) in enumerate(stages) if name}
    chain: list[int] = [by_name[service.target] if service.target else len(stages) - 1]
    while stages[chain[0]][0] in by_name:  # FROM an earlier stage
        chain.insert(0, by_name[stages[chain[0]][0]])
    return [pair for index in chain for pair in stages[index][2]]


def final_stage(service: ServiceImage) -> list[tuple[str, str]]:
    """The instructions of the image's runtime stages (from the FROM of its outside base on)."""
    return image_instructions(service)


def exec_form(service: ServiceImage, keyword: str) -> list[str]:
    """The exec-form (JSON array) arguments of the last ``keyword`` (CMD, HEALTHCHECK) of the image."""
    found = [rest for key, rest in final_stage(service) if key == keyword]
    assert found, f"{service.directory}: no {keyword} in the image"
    rest = found[-1]
    if keyword == "HEALTHCHECK":
        rest = rest.split("CMD", 1)[1].strip()
    value = json.loads(rest)
    assert isinstance(value, list) and all(isinstance(part, str) for part in value), f"{keyword} not exec form"
    return value


def effective_command(service: ServiceImage, keyword: str) -> list[str]:
    """What the container ends up running for its CMD or HEALTHCHECK: the exec form itself, or,
    for ``["/bin/sh", "-c", "exec …"]``, the command the shell execs, with the image's ENV expanded."""
    argv = exec_form(service, keyword)
    if argv[:2] != ["/bin/sh", "-c"]:
        return argv
    script = argv[2]
    assert script.startswith("exec "), f"{keyword}: the shell must exec the service (PID 1 gets SIGTERM): {script}"
    env = image_env(service)
    return [_ARG_REFERENCE.sub(lambda m: env[m.group(1) or m.group(2)], word) for word in shlex.split(script[5:])]


def image_env(service: ServiceImage) -> dict[str, str]:
    """ENV of the image (``ENV A=1 B=2`` form), later stages overriding earlier ones."""
    env: dict[str, str] = {}
    for keyword, rest in final_stage(service):
        if keyword == "ENV":
            for name, value in re.findall(r"(\S+?)=(\S+)", rest):
                env[name] = value
    return env
