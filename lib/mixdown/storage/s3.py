"""S3 backend through the minio client (MinIO in Kubernetes, SeaweedFS in tests, any S3)."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import urllib3
from minio import Minio
from minio.error import MinioException, S3Error

from mixdown.errors import NotFound, Unavailable
from mixdown.storage.base import ObjectInfo, ObjectStore, validate_key, validate_prefix

_MISSING = {"NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound"}
_PART_SIZE_BYTES = 5 * 1024 * 1024
"""Multipart uploads send parts of this size (the S3 minimum), one at a time: the client holds about
twice a part in memory, whatever the file size."""
_MAX_PARTS = 10_000


def _unavailable(exc: Exception, endpoint: str) -> Unavailable:
    if isinstance(exc, S3Error):
        return Unavailable(f"S3 error {exc.code} at {endpoint}: {exc.message}")
    return Unavailable(f"S3 endpoint {endpoint} unreachable or failing: {exc}")


class S3Store(ObjectStore):
    scheme = "s3"

    def __init__(
        self,
        endpoint: str,
        bucket: str,
        access_key: str,
        secret_key: str,
        secure: bool = False,
        region: str = "",
        timeout_seconds: float = 10.0,
        read_timeout_seconds: float | None = None,
        retries: int = 2,
    ) -> None:
        """``timeout_seconds`` bounds connecting; ``read_timeout_seconds`` (default 6 times it)
        bounds each wait for response bytes; ``retries`` more attempts follow a failed request."""
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout_seconds, read=read_timeout_seconds or timeout_seconds * 6),
            retries=urllib3.Retry(total=retries, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        self.client = Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region or None,
            http_client=http,
        )
        self.endpoint = endpoint
        self.bucket = bucket
        self._bucket_ready = False

    def _call(self, fn, *args, **kwargs):
        """Run one client call; map missing objects to NotFound and every other failure to Unavailable.

        Only network calls go through here: local file errors keep their own type.
        """
        try:
            if not self._bucket_ready:
                self._ensure_bucket()
            return fn(*args, **kwargs)
        except S3Error as exc:
            if exc.code in _MISSING:
                raise NotFound(f"object {exc.object_name or exc.resource!r} not found in bucket {self.bucket!r}") from exc
            raise _unavailable(exc, self.endpoint) from exc
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise _unavailable(exc, self.endpoint) from exc

    def _ensure_bucket(self) -> None:
        if not self.client.bucket_exists(self.bucket):
            try:
                self.client.make_bucket(self.bucket)
            except S3Error as exc:
                if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    raise
        self._bucket_ready = True

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> ObjectInfo:
        validate_key(key)
        with open(path, "rb") as src:  # a missing source raises FileNotFoundError, not Unavailable
            size = os.fstat(src.fileno()).st_size
            self._call(
                self.client.put_object,
                self.bucket,
                key,
                src,
                size,
                content_type=content_type,
                part_size=max(_PART_SIZE_BYTES, -(-size // _MAX_PARTS)),
                num_parallel_uploads=1,
            )
        return ObjectInfo(key=key, size_bytes=size)

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        validate_key(key)
        self._call(
            self.client.put_object, self.bucket, key, io.BytesIO(data), len(data), content_type=content_type
        )
        return ObjectInfo(key=key, size_bytes=len(data))

    def get_file(self, key: str, dest: Path) -> Path:
        dest = Path(dest)
        with self.open_read(key) as src:  # NotFound before anything is written
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".~tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
                os.replace(tmp, dest)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return dest

    def get_bytes(self, key: str) -> bytes:
        with self.open_read(key) as response:
            return response.read()

    def open_read(self, key: str) -> BinaryIO:
        validate_key(key)
        response = self._call(self.client.get_object, self.bucket, key)
        return io.BufferedReader(_Response(response, self.endpoint), buffer_size=1 << 16)  # type: ignore[return-value]

    def stat(self, key: str) -> ObjectInfo | None:
        validate_key(key)
        try:
            result = self._call(self.client.stat_object, self.bucket, key)
        except NotFound:
            return None
        return ObjectInfo(key=key, size_bytes=int(result.size or 0))

    def delete(self, key: str) -> None:
        validate_key(key)
        self._call(self.client.remove_object, self.bucket, key)

    def list(self, prefix: str) -> Iterator[str]:
        prefix = validate_prefix(prefix) + "/"

        def names() -> list[str]:
            objects = self.client.list_objects(self.bucket, prefix=prefix, recursive=True)
            return sorted(obj.object_name for obj in objects if not obj.is_dir)

        # SeaweedFS lists folder by folder, S3 in binary order: sort so that every backend agrees
        return iter(self._call(names))

    def check(self) -> None:
        self._call(self.client.bucket_exists, self.bucket)


class _Response(io.RawIOBase):
    """File-like wrapper that maps network errors to Unavailable and releases the connection on close."""

    def __init__(self, response, endpoint: str) -> None:
        self._response = response
        self._endpoint = endpoint

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self._response.read(len(buffer))
        except (MinioException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise _unavailable(exc, self._endpoint) from exc
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._response.close()
            self._response.release_conn()
        super().close()
