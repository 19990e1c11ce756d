"""Separation jobs at the HTTP edge: their ``options`` field, their stems, and mixes made from them.

Pure validation first (each error names the field and the allowed values, → 422), then the
storage side: reading a finished separation's stems so that a mix job can take them as inputs
(``POST /v1/jobs`` with ``from_separation``), and streaming them one by one or as a zip.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mixdown.catalog import ROLES
from mixdown.errors import Conflict, InvalidInput, NotFound
from mixdown.events.artifacts import STEM_PREFIX
from mixdown.events.bus import Bus
from mixdown.events.messages import JobRecord, JobStatus, check_id
from mixdown.storage import ObjectStore, validate_key
from mixdown_gateway import forms
from mixdown_gateway.uploads import UploadedFile

MAIN_STEMS = ("drums", "bass", "vocals", "other")
EXTRA_MODEL_STEMS = ("guitar", "piano")
"""Sources of the six-stem model (htdemucs_6s), accepted when the service runs it."""
DRUM_STEMS = ("kick", "snare", "cymbals", "toms")
STEM_NAMES = MAIN_STEMS + EXTRA_MODEL_STEMS + DRUM_STEMS
FORMATS = ("wav", "flac", "mp3")
OPTION_KEYS = ("stems_required", "drum_separation", "format", "source")
SOURCES = ("song", "drums")
"""What the uploaded file is: a whole song (separated into stems), or a drum stem (split into
kick, snare, cymbals and toms only: producers often have the drum bus already)."""
SEPARATION_FIELDS = ("file", "options", "callback_url")
SEPARATION_PLAN = ["separation"]
SONG_ROLE = "song"
_STEM_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


# --- POST /v1/separations: the options field ---------------------------------------------------


def parse_separation_options(raw: str | None) -> dict[str, Any]:
    """``{"stems_required": [...], "drum_separation": bool, "format": "wav"|"flac"|"mp3",
    "source": "song"|"drums"}`` → the options stored with the job, with every default made
    explicit (``source`` is stored only when it is ``drums``).

    ``stems_required`` absent or empty: every stem (drums, bass, vocals, other, and kick, snare,
    cymbals, toms unless ``drum_separation`` is false). ``drum_separation`` absent: true when
    ``stems_required`` is absent or names a drum sub-stem. Naming a drum sub-stem with
    ``drum_separation: false`` is an error. ``source: "drums"``: the file is a drum stem, only the
    drum-part split runs; ``stems_required`` may name drum sub-stems only (empty: all four) and
    ``drum_separation`` cannot be false.
    """
    given: Any = {} if raw is None or not raw.strip() else forms.parse_json(raw, "options")
    if not isinstance(given, dict):
        raise InvalidInput(
            'options must be a JSON object such as {"stems_required": ["drums", "bass", "vocals", "other"], '
            '"drum_separation": true, "format": "wav"}'
        )
    unknown = sorted(set(given) - set(OPTION_KEYS))
    if unknown:
        raise InvalidInput(f"unknown option(s) {', '.join(map(repr, unknown))}; accepted: {', '.join(OPTION_KEYS)}")
    stems = given.get("stems_required")
    if stems is None:
        stems = []
    if not isinstance(stems, list) or not all(isinstance(name, str) for name in stems):
        raise InvalidInput(f"options.stems_required must be a list of stem names, got {stems!r}"[:300])
    bad = [name for name in stems if name not in STEM_NAMES]
    if bad:
        raise InvalidInput(
            f"options.stems_required: unknown stem(s) {', '.join(map(repr, bad))}"[:300]
            + f"; stems: {', '.join(STEM_NAMES)}"
        )
    duplicates = sorted({name for name in stems if stems.count(name) > 1})
    if duplicates:
        raise InvalidInput(f"options.stems_required names {', '.join(map(repr, duplicates))} more than once")
    drum_separation = given.get("drum_separation")
    named_pieces = [name for name in stems if name in DRUM_STEMS]
    if drum_separation is None:
        drum_separation = not stems or bool(named_pieces)
    if not isinstance(drum_separation, bool):
        raise InvalidInput(f"options.drum_separation must be true or false, got {drum_separation!r}"[:300])
    if named_pieces and not drum_separation:
        raise InvalidInput(
            f"options.stems_required names drum sub-stem(s) {', '.join(named_pieces)} but drum_separation is "
            "false; set it to true"
        )
    output_format = given.get("format", "wav")
    if output_format not in FORMATS:
        raise InvalidInput(f"options.format must be one of {', '.join(FORMATS)}, got {output_format!r}"[:300])
    source = given.get("source", "song")
    if not isinstance(source, str) or source not in SOURCES:
        raise InvalidInput(f"options.source must be one of {', '.join(SOURCES)}, got {source!r}"[:300])
    options = {"stems_required": list(stems), "drum_separation": drum_separation, "format": output_format}
    return options if source == "song" else _drum_source_options(given, options)


def _drum_source_options(given: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The options of a drum stem's split (``source: "drums"``): drum sub-stems only."""
    main = [name for name in options["stems_required"] if name not in DRUM_STEMS]
    if main:
        raise InvalidInput(
            f"options.source is 'drums' (the file is a drum stem, split into {', '.join(DRUM_STEMS)}): "
            f"stems_required cannot name {', '.join(map(repr, main))}"
        )
    if given.get("drum_separation") is False:
        raise InvalidInput("options.source is 'drums': the drum stem is split into "
                           f"{', '.join(DRUM_STEMS)}, so drum_separation cannot be false")
    return {**options, "drum_separation": True, "source": "drums"}


def check_separation_fields(fields: dict[str, list[str]], files: list[UploadedFile]) -> None:
    unknown = sorted(set(fields) - set(SEPARATION_FIELDS))
    if unknown:
        raise InvalidInput(
            f"unknown form field(s) {', '.join(map(repr, unknown))}; accepted: {', '.join(SEPARATION_FIELDS)}"
        )
    if not files:
        raise InvalidInput("no file uploaded: send the song as one 'file' part")
    if not files[0].filename:
        raise InvalidInput("the uploaded file has no file name")


# --- a finished separation's stems -------------------------------------------------------------


def stem_artifacts(record: JobRecord) -> dict[str, str]:
    """Stem name → object key (or URI), in the order the stage listed them."""
    return {name[len(STEM_PREFIX):]: ref for name, ref in record.artifacts.items() if name.startswith(STEM_PREFIX)}


def stem_key(store: ObjectStore, record: JobRecord, ref: str) -> str:
    """The object key of a stem, which must lie under the job's tenant."""
    key = store.key_from_uri(ref) if "://" in ref else validate_key(ref)
    if not key.startswith(f"tenants/{record.tenant}/"):
        raise NotFound(f"job {record.id} has no such stem")
    return key


def extension(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else "bin"


def find_stem(record: JobRecord, name: str) -> str:
    """The reference of stem ``name``: Conflict while the job may still produce it, NotFound after."""
    stems = stem_artifacts(record)
    shown = name[:32]
    if _STEM_NAME.match(name) and name in stems:
        return stems[name]
    available = ", ".join(stems) or "none"
    if not record.terminal:
        raise Conflict(
            f"job {record.id} is {record.status.value}; stem {shown!r} is not available yet (available now: {available})"
        )
    raise NotFound(f"job {record.id} has no stem {shown!r}; available: {available}")


class _Pipe(io.RawIOBase):
    """A write-only, unseekable stream that hands back what was written since the last drain."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self._written += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._written

    def drain(self) -> Iterator[bytes]:
        if self._parts:
            joined = b"".join(self._parts)
            self._parts.clear()
            yield joined


def zip_stream(store: ObjectStore, entries: list[tuple[str, str]], chunk_bytes: int = 1 << 20) -> Iterator[bytes]:
    """A zip (stored, not recompressed) of ``(name in the zip, object key)`` entries, streamed: each
    object is read in chunks and never held whole. Blocking: the caller iterates it in a thread."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED) as archive:
        for arcname, key in entries:
            info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            stat = store.stat(key)
            large = stat is not None and stat.size_bytes > (1 << 30)
            with store.open_read(key) as source, archive.open(info, "w", force_zip64=large) as target:
                while chunk := source.read(chunk_bytes):
                    target.write(chunk)
                    yield from pipe.drain()
            yield from pipe.drain()
    yield from pipe.drain()


# --- POST /v1/jobs with from_separation ---------------------------------------------------------


def parse_stem_tracks(raw: str | None, uploaded: list[str]) -> tuple[list[forms.TrackSpec], list[str]]:
    """``stems_meta`` of a mix job made from a separation: each entry names a stem of that
    separation (``{"name": "vocals", "role": "lead_vocal"}``) or an uploaded file.

    Returns the tracks (stems first, in the order given, then the uploads in upload order) and
    the names of the stems among them. Every uploaded file needs an entry.
    """
    if raw is None or not raw.strip():
        raise InvalidInput(
            'from_separation needs stems_meta, a JSON list naming the stems to mix and their roles, e.g. '
            '[{"name": "vocals", "role": "lead_vocal"}, {"name": "drums", "role": "drums"}]'
        )
    meta = forms.parse_json(raw, "stems_meta")
    if not isinstance(meta, list) or not meta:
        raise InvalidInput('stems_meta must be a non-empty JSON list of {"name": <stem or file>, "role": <role>}')
    roles: dict[str, str] = {}
    for index, entry in enumerate(meta):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or "role" not in entry:
            raise InvalidInput(
                f'stems_meta[{index}] must be an object {{"name": <stem or file>, "role": <role>}}, got {entry!r}'[:300]
            )
        extra = sorted(set(entry) - {"name", "role"})
        if extra:
            raise InvalidInput(f"stems_meta[{index}] has unknown key(s) {', '.join(map(repr, extra))}; "
                               "accepted: 'name', 'role'")
        name, role = entry["name"], entry["role"]
        if name in roles:
            raise InvalidInput(f"stems_meta names {name!r} twice; give each stem or file one entry")
        if name not in STEM_NAMES and name not in uploaded:
            raise InvalidInput(
                f"stems_meta names {name!r}, which is neither a stem ({', '.join(STEM_NAMES)}) nor an uploaded file"[:400]
            )
        if name in STEM_NAMES and name in uploaded:
            raise InvalidInput(f"stems_meta name {name!r} is both a stem and an uploaded file; rename the file")
        if not isinstance(role, str) or role not in ROLES:
            raise InvalidInput(f"unknown role {role!r} for {name!r}; allowed roles: {', '.join(ROLES)}")
        roles[name] = role
    missing = [name for name in uploaded if name not in roles]
    if missing:
        raise InvalidInput(f"uploaded file {missing[0]!r} is missing from stems_meta; give every uploaded file a role")
    stems = [name for name in roles if name not in uploaded]
    tracks = [forms.TrackSpec(name, roles[name]) for name in stems]
    tracks += [forms.TrackSpec(name, roles[name]) for name in uploaded]
    return tracks, stems


def check_source_id(raw: str) -> str:
    value = raw.strip()
    try:
        return check_id(value, "from_separation")
    except ValueError:
        raise InvalidInput(f"from_separation {value[:80]!r} is not a job id") from None


async def separation_for_mix(bus: Bus, tenant: str, job_id: str, stems: list[str]) -> dict[str, str]:
    """The stem references of a succeeded separation of ``tenant`` that a mix takes as inputs.

    InvalidInput when the job is unknown (to this tenant), not a separation, failed or
    cancelled, or lacks a stem; Conflict while it is still queued or running.
    """
    try:
        record = await bus.jobs.get(tenant, job_id)
    except NotFound:
        raise InvalidInput(f"from_separation: job {job_id} not found") from None
    if record.kind != "separation":
        raise InvalidInput(f"from_separation: job {job_id} is a {record.kind} job, not a separation")
    if record.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        raise Conflict(f"from_separation: separation {job_id} is {record.status.value}; "
                       "submit the mix once it has succeeded")
    if record.status is not JobStatus.SUCCEEDED:
        raise InvalidInput(f"from_separation: separation {job_id} {record.status.value}; it has no stems to mix")
    available = stem_artifacts(record)
    missing = [name for name in stems if name not in available]
    if missing:
        raise InvalidInput(
            f"from_separation: separation {job_id} has no stem {', '.join(map(repr, missing))}; "
            f"it has {', '.join(available) or 'none'}"
        )
    return {name: available[name] for name in stems}


def fetch_stem_files(
    store: ObjectStore, tenant: str, job_id: str, refs: dict[str, str], directory: Path
) -> list[UploadedFile]:
    """Copy the stems to local files (as if uploaded), named ``<stem>.<ext>``. Blocking."""
    files = []
    for index, (name, ref) in enumerate(refs.items()):
        key = store.key_from_uri(ref) if "://" in ref else validate_key(ref)
        if not key.startswith(f"tenants/{tenant}/jobs/{job_id}/"):
            raise InvalidInput(f"from_separation: stem {name!r} of job {job_id} is not stored with that job")
        path = directory / f"stem-{index:02d}"
        store.get_file(key, path)
        files.append(UploadedFile("from_separation", f"{name}.{extension(key)}", path,
                                  size_bytes=path.stat().st_size))
    return files
