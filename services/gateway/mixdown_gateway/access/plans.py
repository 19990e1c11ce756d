"""Plans as data (``plans.json`` beside this module, or the file named by ``plans_path``).

A plan says how many songs a tenant may start per calendar month (``null``: unlimited),
whether drum separation (kick, snare, cymbals, toms) is included, the priority of its jobs
(0 standard, 1 priority) and its rate limit (a token bucket of ``burst_requests`` tokens
refilled at ``requests_per_minute``).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mixdown.events.messages import check_id

PLANS_FILE = Path(__file__).with_name("plans.json")


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    songs_per_month: int | None = Field(description="songs (jobs and separations) a calendar month; None: unlimited",
                                        ge=0)
    drum_separation: bool
    priority: int = Field(ge=0, le=1)
    requests_per_minute: float = Field(gt=0)
    burst_requests: int = Field(ge=1)


def load_plans(path: Path | None = None) -> dict[str, Plan]:
    """Read and validate the plans file; ValueError naming the file and the problem."""
    path = path or PLANS_FILE
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ValueError(f"plans file {path}: cannot read it as JSON: {exc}") from exc
    if not isinstance(raw, dict) or not raw:
        raise ValueError(f"plans file {path}: expected an object of plans by name")
    plans: dict[str, Plan] = {}
    for name, fields in raw.items():
        try:
            check_id(name, "plan name")
            plans[name] = Plan(name=name, **fields)
        except (TypeError, ValueError, ValidationError) as exc:
            raise ValueError(f"plans file {path}: plan {name!r}: {exc}") from exc
    return plans
