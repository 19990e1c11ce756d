"""Streaming multipart/form-data parsing: files go to disk chunk by chunk, never whole into memory.

The request body is fed to python-multipart in ~1 MiB batches from a worker thread, so that
parsing and disk writes never block the event loop. Limits are enforced while the bytes arrive:
the whole body (``max_request_bytes``, checked against Content-Length before reading anything),
each file (``max_file_bytes``), the number of files and fields, and the size of each text
field. The first limit crossed stops the upload with a :class:`PayloadTooLarge` naming the file
or field. python-multipart bounds each part's headers (8 lines of at most about 4 KiB): more is
a malformed body.

File names are the client's: the folder part of a path-qualified name (``C:\\x\\take.wav``,
``../../take.wav``) is dropped, as RFC 7578 asks of receivers, and the name is only ever stored
through :func:`safe_name`. A name with control characters, longer than 255 characters, or that
is only a folder (``..``) is refused.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import python_multipart
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import parse_options_header

from mixdown.errors import InvalidInput
from mixdown_gateway.errors import MalformedRequest, PayloadTooLarge, UnsupportedMedia

MiB = 1024 * 1024
_BATCH_BYTES = MiB
_MAX_FIELDS = 32
_MAX_NAME_CHARS = 255
_SAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")


def human_bytes(n: int) -> str:
    if n >= MiB and n % MiB == 0:
        return f"{n // MiB} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} bytes"


def display_name(filename: str) -> str:
    """The name shown to the user: the basename, without control characters, at most 255 chars."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    return name.strip()[:_MAX_NAME_CHARS]


def shown(value: object, max_chars: int = 80) -> str:
    """``repr(value)``, cut to about ``max_chars`` characters: safe to echo in an error message."""
    text = repr(value)
    return text if len(text) <= max_chars else text[: max_chars - 3] + "..."


def upload_name(filename: str) -> str:
    """The display name of an uploaded file (see :func:`display_name`); raises InvalidInput
    when the client's name has control characters, is too long, or names only a folder."""
    if any(unicodedata.category(ch) == "Cc" for ch in filename):
        raise InvalidInput(f"file name {shown(filename)} contains control characters; send a plain file name")
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if len(base) > _MAX_NAME_CHARS:
        raise InvalidInput(
            f"file name {shown(base)} is {len(base)} characters long; at most {_MAX_NAME_CHARS} are accepted"
        )
    name = display_name(filename)
    if filename and name in ("", ".", ".."):
        raise InvalidInput(f"file name {shown(filename)} names a folder, not a file")
    return name


def safe_name(name: str, max_chars: int = 120) -> str:
    """A storage-safe version of a file name: ``[A-Za-z0-9._-]`` only, no leading dots, no ``..``.

    Accents are folded to ASCII, anything else becomes ``_``; the extension is kept when the
    name has to be shortened.
    """
    folded = unicodedata.normalize("NFKD", display_name(name)).encode("ascii", "ignore").decode()
    cleaned = _SAFE_RUN.sub("_", folded)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip("._-")
    if len(cleaned) > max_chars:
        stem, dot, ext = cleaned.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            cleaned = stem[: max_chars - len(ext) - 1].rstrip("._-") + "." + ext
        else:
            cleaned = cleaned[:max_chars].rstrip("._-")
    return cleaned or "track"


@dataclass
class UploadedFile:
    field_name: str
    filename: str  # the name the client sent, cleaned for display (see display_name)
    path: Path
    content_type: str = "application/octet-stream"
    size_bytes: int = 0


@dataclass
class ParsedForm:
    """Text fields (each name may repeat) and files spooled under ``directory``."""

    directory: Path
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[UploadedFile] = field(default_factory=list)

    def cleanup(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class UploadLimits:
    max_request_bytes: int
    max_file_bytes: int
    max_files: int
    max_field_bytes: int
    file_field: str = "files"
    single_file_fields: tuple[str, ...] = ()
    """Other fields that may carry one file each (a job's ``reference`` track)."""


class _Collector:
    """python-multipart callbacks; runs in a worker thread, writes file parts straight to disk."""

    def __init__(self, form: ParsedForm, limits: UploadLimits, charset: str) -> None:
        self.form = form
        self.limits = limits
        self.charset = charset
        self.ended = False
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._content_type = b""
        self._field_name = ""
        self._field_data = bytearray()
        self._file: UploadedFile | None = None
        self._handle: BinaryIO | None = None
        self._field_count = 0

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_end": self.on_end,
        }

    def _decode(self, raw: bytes, what: str) -> str:
        try:
            return raw.decode(self.charset)
        except UnicodeDecodeError as exc:
            raise MalformedRequest(f"{what} is not valid {self.charset}") from exc

    def on_part_begin(self) -> None:
        self._disposition = b""
        self._content_type = b""
        self._field_data = bytearray()
        self._file = None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        name = self._header_name.strip().lower()
        if name == b"content-disposition":
            self._disposition = self._header_value
        elif name == b"content-type":
            self._content_type = self._header_value
        self._header_name = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise MalformedRequest('a multipart part has no Content-Disposition "name"')
        self._field_name = self._decode(options[b"name"], "a multipart field name")
        if b"filename" not in options:
            self._field_count += 1
            if self._field_count > _MAX_FIELDS:
                raise InvalidInput(f"too many form fields: at most {_MAX_FIELDS}")
            return
        filename = upload_name(self._decode(options[b"filename"], "a file name"))
        if self._field_name in self.limits.single_file_fields:
            if any(f.field_name == self._field_name for f in self.form.files):
                raise InvalidInput(f"more than one file in field {self._field_name!r}: it takes one")
        elif self._field_name != self.limits.file_field:
            raise InvalidInput(
                f"file {filename!r} was sent in field {shown(self._field_name)}; "
                f"send audio files as repeated {self.limits.file_field!r} parts"
            )
        elif sum(f.field_name == self.limits.file_field for f in self.form.files) >= self.limits.max_files:
            raise InvalidInput(
                f"too many files: at most {self.limits.max_files} per job "
                f"(file {filename!r} is number {len(self.form.files) + 1})"
            )
        index = len(self.form.files)
        path = self.form.directory / f"upload-{index:02d}"
        content_type = self._decode(self._content_type, "a part Content-Type").strip() or "application/octet-stream"
        self._file = UploadedFile(self._field_name, filename, path, content_type)
        self._handle = open(path, "wb")  # noqa: SIM115 - closed in on_part_end or close()
        self.form.files.append(self._file)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        size = end - start
        if self._file is None:
            if len(self._field_data) + size > self.limits.max_field_bytes:
                raise PayloadTooLarge(
                    f"form field {shown(self._field_name)} is larger than {human_bytes(self.limits.max_field_bytes)}"
                )
            self._field_data += data[start:end]
            return
        self._file.size_bytes += size
        if self._file.size_bytes > self.limits.max_file_bytes:
            raise PayloadTooLarge(
                f"file {self._file.filename!r} is larger than the {human_bytes(self.limits.max_file_bytes)} "
                "limit per file"
            )
        assert self._handle is not None
        self._handle.write(data[start:end])

    def on_part_end(self) -> None:
        if self._file is None:
            value = self._decode(bytes(self._field_data), f"form field {shown(self._field_name)}")
            self.form.fields.setdefault(self._field_name, []).append(value)
        else:
            self.close()
            self._file = None

    def on_end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _boundary_and_charset(content_type: str) -> tuple[bytes, str]:
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data":
        given = kind.decode("latin-1")[:100] or "none"
        raise UnsupportedMedia(f"expected a multipart/form-data body, got Content-Type {given}")
    boundary = params.get(b"boundary")
    if not boundary:
        raise MalformedRequest("multipart/form-data body without a boundary parameter")
    charset = params.get(b"charset", b"utf-8").decode("latin-1")
    try:
        b"a".decode(charset)  # unknown names and codecs that are not text encodings raise LookupError
    except LookupError:
        raise UnsupportedMedia(f"unknown charset {shown(charset)} in Content-Type; send utf-8") from None
    except UnicodeError:
        pass  # a real text encoding that cannot decode this one byte (utf-16, utf-32)
    return boundary, charset


async def parse_multipart(
    headers: Mapping[str, str],
    stream: AsyncIterator[bytes],
    limits: UploadLimits,
    work_dir: Path,
) -> ParsedForm:
    """Parse a multipart body from ``stream`` into text fields and files spooled under work_dir.

    ``headers`` is the request's header mapping (``content-type``, ``content-length``). On any
    error the spooled files are removed before the exception leaves; on success the caller
    calls :meth:`ParsedForm.cleanup` when done.
    """
    content_type = headers.get("content-type", "")
    boundary, charset = _boundary_and_charset(content_type)
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_request_bytes:
        raise PayloadTooLarge(
            f"request body of {int(declared)} bytes is larger than the {human_bytes(limits.max_request_bytes)} "
            "limit per request"
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    form = ParsedForm(directory=Path(tempfile.mkdtemp(prefix="upload-", dir=work_dir)))
    collector = _Collector(form, limits, charset)
    parser = python_multipart.MultipartParser(boundary, collector.callbacks())
    received = 0
    batch = bytearray()
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > limits.max_request_bytes:
                raise PayloadTooLarge(
                    f"request body is larger than the {human_bytes(limits.max_request_bytes)} limit per request"
                )
            batch += chunk
            if len(batch) >= _BATCH_BYTES:  # the parser writes file parts to disk: off the event loop
                await asyncio.to_thread(parser.write, bytes(batch))
                batch.clear()
        if batch:
            await asyncio.to_thread(parser.write, bytes(batch))
        parser.finalize()
        if not collector.ended:
            raise MalformedRequest("multipart body is truncated: the closing boundary is missing")
    except MultipartParseError as exc:
        collector.close()
        form.cleanup()
        raise MalformedRequest(f"malformed multipart body: {exc}") from exc
    except BaseException:
        # Synchronous on purpose: this also runs when the request is cancelled mid-upload.
        collector.close()
        form.cleanup()
        raise
    # A browser sends an empty part with filename="" for a file input left blank.
    for upload in [f for f in form.files if not f.filename and f.size_bytes == 0]:
        form.files.remove(upload)
        upload.path.unlink(missing_ok=True)
    return form
