"""Object storage: one interface, two backends (local filesystem, S3 through minio)."""

from mixdown.storage.base import ObjectInfo, ObjectStore, job_prefix, validate_key, validate_prefix
from mixdown.storage.factory import open_store

__all__ = ["ObjectInfo", "ObjectStore", "job_prefix", "open_store", "validate_key", "validate_prefix"]
