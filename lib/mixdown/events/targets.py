"""Delivery targets and QC corrections: the one typed form of :data:`mixdown.catalog.TARGETS`
and :data:`mixdown.catalog.CORRECTIONS`.

Mastering aims at a job's :class:`DeliveryTargets`; QC judges the master against the same
object; the gateway, the stage workers and the gRPC servers build it from what the client set
(a partial map on the job record, or the optional fields of a gRPC request). Every value is
checked against its row in the table, and the error names the target and its range.

``target_lufs`` None means "no loudness target": mastering then aims at the reference
track's loudness (or the default when there is none) and QC skips the loudness check.
``max_lra_lu`` None means no limit on the loudness range.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from mixdown.catalog import CORRECTIONS, TARGETS

_UNSET_ALLOWED = frozenset({"target_lufs", "max_lra_lu"})


class DeliveryTargets(BaseModel):
    """What a master must meet: loudness, true-peak ceiling, width and loudness range.

    Defaults are the :data:`mixdown.catalog.TARGETS` defaults, except ``max_lra_lu``, which is
    unset (no limit) unless asked for. Out-of-range values raise InvalidInput naming the target.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    target_lufs: float | None = TARGETS["target_lufs"].default
    ceiling_dbtp: float = TARGETS["ceiling_dbtp"].default
    max_width_percent: float = TARGETS["max_width_percent"].default
    max_lra_lu: float | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _in_range(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name in _UNSET_ALLOWED:
            return None
        return TARGETS[info.field_name].check(value)

    @classmethod
    def of(cls, values: Mapping[str, Any] | None, *, where: str = "targets") -> DeliveryTargets:
        """Targets from a partial map of name → value (a job record's ``targets``, a form field):
        unknown names are refused with the known ones, missing ones take their default."""
        return cls(**TARGETS.check(dict(values or {}), where))

    def as_dict(self) -> dict[str, float | None]:
        return self.model_dump()


class Corrections(BaseModel):
    """What QC asks mastering to change, cumulative over a job's iterations; each field at its
    default changes nothing (:data:`mixdown.catalog.CORRECTIONS`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target_offset_lu: float = CORRECTIONS["target_offset_lu"].default
    ceiling_offset_db: float = CORRECTIONS["ceiling_offset_db"].default
    width_scale: float = CORRECTIONS["width_scale"].default

    @field_validator("*", mode="before")
    @classmethod
    def _in_range(cls, value: Any, info: ValidationInfo) -> Any:
        return CORRECTIONS[info.field_name].check(value, "corrections")

    @classmethod
    def of(cls, values: Mapping[str, Any] | None) -> Corrections:
        """Corrections from a partial map (a stage message's, a gRPC request's); unknown names
        are refused with the known ones."""
        return cls(**CORRECTIONS.check(dict(values or {}), "corrections"))

    def changed(self) -> dict[str, float]:
        """Only the corrections that change something, by name."""
        return {name: value for name, value in self.model_dump().items() if value != CORRECTIONS[name].default}
