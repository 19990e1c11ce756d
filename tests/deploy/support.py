"""Shared helpers for the deploy checks: the services, their Dockerfiles and the Helm chart."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHART_DIR = ROOT / "deploy" / "helm" / "mixdown"


@dataclass(frozen=True)
class ServiceImage:
    directory: str  # services/<directory>
    module: str  # python -m mixdown_<module>; env prefix MIXDOWN_<MODULE>_

    @property
    def dockerfile(self) -> Path:
        return ROOT / "services" / self.directory / "Dockerfile"

    @property
    def env_prefix(self) -> str:
        return f"MIXDOWN_{self.module.upper()}_"


SERVICES = (
    ServiceImage("gateway", "gateway"),
    ServiceImage("separation", "separation"),
    ServiceImage("mixing", "mixing"),
    ServiceImage("mastering", "mastering"),
    ServiceImage("text-control", "text_control"),
    ServiceImage("qc", "qc"),
)


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


def final_stage(path: Path) -> list[tuple[str, str]]:
    """The instructions of the last stage (from its FROM on)."""
    instructions = dockerfile_instructions(path)
    start = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[start:]


def exec_form(path: Path, keyword: str) -> list[str]:
    """The exec-form (JSON array) arguments of the last ``keyword`` (CMD, ENTRYPOINT) of the final stage."""
    found = [rest for key, rest in final_stage(path) if key == keyword]
    assert found, f"{path}: no {keyword} in the final stage"
    rest = found[-1]
    if keyword == "HEALTHCHECK":
        rest = rest.split("CMD", 1)[1].strip()
    value = json.loads(rest)
    assert isinstance(value, list) and all(isinstance(part, str) for part in value), f"{path}: {keyword} not exec form"
    return value


def image_env(path: Path) -> dict[str, str]:
    """ENV of the final stage (``ENV A=1 B=2`` form)."""
    env: dict[str, str] = {}
    for keyword, rest in final_stage(path):
        if keyword == "ENV":
            for name, value in re.findall(r"(\w+)=(\S+)", rest):
                env[name] = value
    return env
