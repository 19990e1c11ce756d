"""Validation of the job form's text fields: pure functions, each error naming the problem.

Every function raises :class:`mixdown.errors.InvalidInput` (→ 422 at the edge) with a message
that names the field, the file and the allowed values, so that a user can fix the request
from the message alone.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from mixdown.catalog import (
    DEFAULT_PRESET,
    LOUDNESS_PRESETS_LUFS,
    MASTER_FORMATS,
    PRESETS,
    ROLE_KEYWORDS,
    ROLES,
    TARGETS,
    PresetInfo,
)
from mixdown.errors import InvalidInput
from mixdown.mixparams import parse_job_overrides
from mixdown_gateway.uploads import shown

FORM_FIELDS = ("files", "stems_meta", "preset", "targets", "overrides", "from_separation", "callback_url", "formats",
               "mix_mode", "style_amount", "reference_job")
_MAX_OVERRIDE_DEPTH = 4

@dataclass(frozen=True)
class TrackSpec:
    name: str
    role: str


def single_field(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise InvalidInput(f"form field {name!r} was sent {len(values)} times; send it once")
    return values[0]


def check_field_names(fields: dict[str, list[str]]) -> None:
    unknown = sorted(set(fields) - set(FORM_FIELDS))
    if unknown:
        raise InvalidInput(f"unknown form field(s) {', '.join(map(shown, unknown))}; accepted: {', '.join(FORM_FIELDS)}")


def parse_json(raw: str, field_name: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise InvalidInput(f"{field_name} is not valid JSON: {exc}") from exc


def parse_preset(raw: str | None) -> PresetInfo:
    name = (raw or "").strip() or DEFAULT_PRESET
    try:
        return PRESETS[name]
    except KeyError:
        raise InvalidInput(f"unknown preset {shown(name)}; choose one of: {', '.join(PRESETS)}") from None


def guess_role(filename: str) -> str | None:
    """The role a file name suggests (``"Lead Vox.wav"`` → lead_vocal), or None, by the rules of
    :data:`mixdown.catalog.ROLE_KEYWORDS` (the web studio applies the same ones)."""
    stem = filename.rsplit(".", 1)[0].lower() if "." in filename else filename.lower()
    tokens = [t for t in re.split(r"[^a-z0-9]+", stem) if t]
    # Also split letters from digits ("vox2" → "vox", "2") and keep dashed words ("ad-lib").
    tokens += [t for t in re.findall(r"[a-z]+|[0-9]+", stem) if t not in tokens]
    tokens += re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", stem)
    for role, keywords in ROLE_KEYWORDS:
        for keyword in keywords:
            if any(token.startswith(keyword) for token in tokens):
                return role
    return None


def _check_role(role: Any, filename: str) -> str:
    if not isinstance(role, str) or role not in ROLES:
        raise InvalidInput(f"unknown role {shown(role)} for {filename!r}; allowed roles: {', '.join(ROLES)}")
    return role


def parse_tracks(raw: str | None, uploaded: list[str]) -> list[TrackSpec]:
    """Roles for the uploaded files, from ``stems_meta`` or guessed from the names.

    ``uploaded`` are the uploaded file names, in upload order (already checked to be distinct).
    The result follows the upload order.
    """
    if raw is None or not raw.strip():
        return [_guessed(name) for name in uploaded]
    meta = parse_json(raw, "stems_meta")
    if not isinstance(meta, list):
        raise InvalidInput('stems_meta must be a JSON list of {"name": <file name>, "role": <role>} objects')
    roles: dict[str, str] = {}
    for index, entry in enumerate(meta):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or "role" not in entry:
            raise InvalidInput(
                f'stems_meta[{index}] must be an object {{"name": <file name>, "role": <role>}}, got {entry!r}'[:300]
            )
        extra = sorted(set(entry) - {"name", "role"})
        if extra:
            raise InvalidInput(f"stems_meta[{index}] has unknown key(s) {', '.join(map(shown, extra))}; "
                               "accepted: 'name', 'role'")
        name = entry["name"]
        if name in roles:
            raise InvalidInput(f"stems_meta names {shown(name)} twice; give each file one entry")
        if name not in uploaded:
            raise InvalidInput(
                f"stems_meta names {shown(name)} but no file of that name was uploaded "
                f"(uploaded: {', '.join(map(repr, uploaded))})"
            )
        roles[name] = _check_role(entry["role"], name)
    missing = [name for name in uploaded if name not in roles]
    if missing:
        raise InvalidInput(
            f"uploaded file {missing[0]!r} is missing from stems_meta; give every uploaded file a role"
        )
    return [TrackSpec(name, roles[name]) for name in uploaded]


def _guessed(name: str) -> TrackSpec:
    role = guess_role(name)
    if role is None:
        raise InvalidInput(
            f"cannot guess the role of {name!r} from its name; send stems_meta, a JSON list of "
            f'{{"name": <file name>, "role": <role>}} with roles among: {", ".join(ROLES)}'
        )
    return TrackSpec(name, role)


def check_tracks_for_preset(preset: PresetInfo, tracks: list[TrackSpec]) -> None:
    if preset.kind == "vocal":
        leads = [t.name for t in tracks if t.role == "lead_vocal"]
        if len(leads) != 1:
            found = f"got {len(leads)}: {', '.join(map(repr, leads))}" if leads else "got none"
            raise InvalidInput(
                f"a vocal mix needs one track with role lead_vocal ({found}; preset {preset.name!r})"
            )
    elif not tracks:
        raise InvalidInput(f"a full mix needs at least one track (preset {preset.name!r})")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"{what} must be a finite number, got {shown(value)}")
    return float(value)




def parse_formats(raw: str | None) -> list[str] | None:
    """The master formats to deliver: a JSON list or comma-separated names of
    :data:`~mixdown.catalog.MASTER_FORMATS` (``wav24`` is always made); None (every format)
    when the field is absent or empty."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    names = parse_json(text, "formats") if text.startswith("[") else [part.strip() for part in text.split(",")]
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise InvalidInput('formats must be a JSON list of format names such as ["wav24", "mp3"], or "wav24,mp3"')
    unknown = [name for name in names if name not in MASTER_FORMATS]
    if unknown:
        raise InvalidInput(f"unknown format {shown(unknown[0])}; known: {', '.join(MASTER_FORMATS)}")
    return list(dict.fromkeys(["wav24", *names]))


def parse_targets(raw: str | None) -> dict[str, float]:
    """Delivery targets: ``{"target_lufs": -14 | "streaming" | "pop" | "club", "ceiling_dbtp": -1,
    "max_width_percent": 140, "max_lra_lu": 12}``.

    A bare loudness name (``club``) is accepted as the whole field. ``target_lufs`` and
    ``ceiling_dbtp`` take their defaults when missing; ``max_width_percent`` (stereo width,
    QC's default 140 when missing) and ``max_lra_lu`` (no limit when missing) are optional.
    Every value is checked against :data:`mixdown.catalog.TARGETS`.
    """
    targets = {name: TARGETS[name].default for name in ("target_lufs", "ceiling_dbtp")}
    if raw is None or not raw.strip():
        return targets
    text = raw.strip()
    given = {"target_lufs": text} if text in LOUDNESS_PRESETS_LUFS else parse_json(text, "targets")
    if isinstance(given, str):
        given = {"target_lufs": given}
    if not isinstance(given, dict):
        raise InvalidInput(
            'targets must be a JSON object such as {"target_lufs": -14, "ceiling_dbtp": -1} '
            f"or one of {', '.join(LOUDNESS_PRESETS_LUFS)}"
        )
    value = given.get("target_lufs")
    if isinstance(value, str):
        if value not in LOUDNESS_PRESETS_LUFS:
            raise InvalidInput(
                f"target_lufs {shown(value)} is neither a number nor one of: {', '.join(LOUDNESS_PRESETS_LUFS)}"
            )
        given = {**given, "target_lufs": LOUDNESS_PRESETS_LUFS[value]}
    return {**targets, **TARGETS.check(given, "targets")}


def parse_overrides(raw: str | None, tracks: list[TrackSpec] | None = None) -> dict[str, Any]:
    """User overrides of the mix parameters, stored as given once checked.

    Shape: ``{"tracks": {<file name>: {<parameter>: <number>}}, "buses": {"reverb" | "delay" |
    "bus": {<parameter>: <number>}}, "bpm": <number>}``. Parameter names, ranges and the bus
    names come from the mixing console's tables (:mod:`mixdown.mixparams`, ``GET
    /v1/parameters``); with ``tracks``, track names must be uploaded files and the lead vocal
    stays mono and centred. Errors name the offending key.
    """
    if raw is None or not raw.strip():
        return {}
    value = parse_json(raw, "overrides")
    if not isinstance(value, dict):
        raise InvalidInput("overrides must be a JSON object of parameter name → number or object")
    _check_overrides(value, "overrides", 1)
    parse_job_overrides(value, {t.name: t.role for t in tracks} if tracks is not None else None)
    return value


def _check_overrides(obj: dict[str, Any], path: str, depth: int) -> None:
    if depth > _MAX_OVERRIDE_DEPTH:
        raise InvalidInput(f"{path} is nested deeper than {_MAX_OVERRIDE_DEPTH} levels")
    for key, value in obj.items():
        where = f"{path}.{key}"
        if not key:
            raise InvalidInput(f"{path} has an empty key")
        if isinstance(value, dict):
            _check_overrides(value, where, depth + 1)
        else:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidInput(f"{where} must be a number or an object, got {value!r}"[:300])
            _number(value, where)
