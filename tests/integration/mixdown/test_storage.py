"""The storage contract, run against both backends: LocalStore and S3Store on a real SeaweedFS."""

from __future__ import annotations

import hashlib
import os
import random
import resource
import time
import tracemalloc
import uuid
from pathlib import Path

import pytest

from mixdown.errors import Conflict, InvalidInput, NotFound, Unavailable
from mixdown.storage import ObjectStore, validate_key
from mixdown.storage.local import LocalStore
from mixdown.storage.s3 import S3Store
from mixdown_dev.procs import free_port, start_seaweedfs

LARGE_FILE_BYTES = 30 * 1024 * 1024
JOB = "tenants/a/jobs/1"


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path) -> ObjectStore:
    if request.param == "local":
        return LocalStore(tmp_path / "objects")
    server = request.getfixturevalue("s3_server")
    # a bucket per test keeps the tests independent on the shared server
    return S3Store(
        server.endpoint, f"test-{uuid.uuid4().hex[:20]}", access_key=server.access_key, secret_key=server.secret_key
    )


def write_random_file(path: Path, size_bytes: int) -> str:
    """Write ``size_bytes`` of random data 1 MiB at a time; returns its sha256."""
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        remaining = size_bytes
        while remaining:
            chunk = os.urandom(min(1 << 20, remaining))
            digest.update(chunk)
            out.write(chunk)
            remaining -= len(chunk)
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def test_bytes_round_trip_and_overwrite(store):
    key = f"{JOB}/report.json"
    info = store.put_bytes(key, b'{"passed": true}', content_type="application/json")
    assert (info.key, info.size_bytes) == (key, 16)
    assert store.get_bytes(key) == b'{"passed": true}'
    assert store.stat(key).size_bytes == 16
    assert store.exists(key)

    store.put_bytes(key, b"{}")
    assert store.get_bytes(key) == b"{}"
    assert store.stat(key).size_bytes == 2


def test_an_uploaded_file_may_be_replaced_or_deleted_afterwards(store, tmp_path):
    key = f"{JOB}/master.wav"
    source = tmp_path / "work" / "master.wav"
    source.parent.mkdir()
    source.write_bytes(b"the master")
    assert store.put_file(key, source).size_bytes == 10
    replacement = tmp_path / "work" / "next.wav"
    replacement.write_bytes(b"another file")
    replacement.replace(source)  # how every writer here rewrites a file: a new file renamed over it
    assert store.get_bytes(key) == b"the master"
    source.unlink()
    assert store.get_bytes(key) == b"the master"
    assert list(store.list(JOB)) == [key]  # nothing temporary left in the store

    downloaded = store.get_file(key, tmp_path / "work" / "again.wav")
    store.put_file(key, downloaded)  # storing an object's own download over it changes nothing
    assert store.get_bytes(key) == b"the master" and list(store.list(JOB)) == [key]
    if isinstance(store, LocalStore):  # its temporary names are hidden from list(): look at the folder
        assert sorted(p.name for p in (store.root / JOB).iterdir()) == ["master.wav"]


def test_a_downloaded_file_is_independent_of_later_changes_to_the_object(store, tmp_path):
    key = f"{JOB}/mix.wav"
    store.put_bytes(key, b"first version")
    dest = store.get_file(key, tmp_path / "work" / "mix.wav")
    again = store.get_file(key, dest)  # downloading over an earlier download replaces it
    assert again == dest and dest.read_bytes() == b"first version"

    store.put_bytes(key, b"second")
    assert dest.read_bytes() == b"first version"
    dest.unlink()
    assert store.get_bytes(key) == b"second"
    store.delete(key)
    assert not store.exists(key)
    assert not [p.name for p in dest.parent.iterdir()]  # no temporary file left beside it


def test_empty_object_round_trip(store):
    key = f"{JOB}/empty.bin"
    store.put_bytes(key, b"")
    assert store.get_bytes(key) == b""
    assert store.stat(key).size_bytes == 0
    assert list(store.list(JOB)) == [key]


def test_large_file_is_streamed_both_ways(store, tmp_path):
    source = tmp_path / "big.bin"
    expected = write_random_file(source, LARGE_FILE_BYTES)
    key = f"{JOB}/inputs/big.bin"
    max_rss_before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    peaks: dict[str, int] = {}
    tracemalloc.start()
    try:
        info = store.put_file(key, source)
        peaks["put_file"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()

        dest = store.get_file(key, tmp_path / "out" / "big.bin")
        peaks["get_file"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()

        streamed = hashlib.sha256()
        with store.open_read(key) as stream:
            while chunk := stream.read(1 << 20):
                streamed.update(chunk)
        peaks["open_read"] = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    max_rss_growth_bytes = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - max_rss_before_kib) * 1024

    assert info.size_bytes == LARGE_FILE_BYTES
    assert store.stat(key).size_bytes == LARGE_FILE_BYTES
    assert sha256_of(dest) == expected
    assert streamed.hexdigest() == expected
    for operation, peak_bytes in peaks.items():
        assert peak_bytes < LARGE_FILE_BYTES // 2, f"{operation} held {peak_bytes} bytes at once: not streamed"
    assert max_rss_growth_bytes < LARGE_FILE_BYTES, f"peak RSS grew by {max_rss_growth_bytes} bytes"
    assert not [p.name for p in dest.parent.iterdir() if p.name != "big.bin"], "temporary files left behind"


def test_missing_objects(store, tmp_path):
    key = f"{JOB}/missing.wav"
    assert store.stat(key) is None
    assert not store.exists(key)
    with pytest.raises(NotFound):
        store.get_bytes(key)
    with pytest.raises(NotFound):
        store.open_read(key)
    dest = tmp_path / "dl" / "missing.wav"
    with pytest.raises(NotFound):
        store.get_file(key, dest)
    assert not dest.exists()
    store.delete(key)  # deleting a missing object is not an error


def test_a_prefix_is_not_an_object(store):
    store.put_bytes(f"{JOB}/stems/vocals.wav", b"v")
    for prefix in (JOB, f"{JOB}/stems"):
        assert store.stat(prefix) is None
        with pytest.raises(NotFound):
            store.get_bytes(prefix)
        store.delete(prefix)  # a no-op: removes nothing under it
    assert list(store.list(JOB)) == [f"{JOB}/stems/vocals.wav"]


def test_put_file_of_a_missing_source_is_a_local_error(store, tmp_path):
    with pytest.raises(FileNotFoundError):
        store.put_file(f"{JOB}/x.wav", tmp_path / "nope.wav")
    assert store.stat(f"{JOB}/x.wav") is None


def test_list_is_recursive_sorted_and_stays_inside_the_prefix(store):
    inside = [
        f"{JOB}/inputs/vocal.wav",
        f"{JOB}/mix.wav",
        f"{JOB}/stems/B/x.wav",
        f"{JOB}/stems/b/x.wav",
        f"{JOB}/stems/b-c/x.wav",
        f"{JOB}/stems/b.d/x.wav",
        f"{JOB}/stems/b0",
    ]
    outside = ["tenants/a/jobs/10/mix.wav", "tenants/a/jobs/1-old/mix.wav", "tenants/a/jobs/0", "tenants/b/jobs/1/mix.wav"]
    shuffled = inside + outside
    random.Random(3).shuffle(shuffled)
    for key in shuffled:
        store.put_bytes(key, key.encode())

    assert list(store.list(JOB)) == sorted(inside)  # string order: "b-c" < "b.d" < "b/" < "b0"
    assert list(store.list(JOB + "/")) == sorted(inside)
    assert list(store.list(f"{JOB}/stems")) == sorted(k for k in inside if "/stems/" in k)
    assert list(store.list("tenants/a/jobs")) == sorted(k for k in inside + outside if k.startswith("tenants/a/"))
    assert list(store.list("tenants/a/jobs/2")) == []
    assert list(store.list(f"{JOB}/mix.wav")) == []  # an object is not a prefix


def test_delete_and_delete_prefix(store):
    keys = [f"{JOB}/inputs/vocal.wav", f"{JOB}/inputs/beat.wav", f"{JOB}/mix.wav"]
    siblings = ["tenants/a/jobs/10/mix.wav", "tenants/a/jobs/1-old/mix.wav"]
    for key in keys + siblings:
        store.put_bytes(key, b"x")

    store.delete(f"{JOB}/mix.wav")
    assert store.stat(f"{JOB}/mix.wav") is None
    store.delete(f"{JOB}/mix.wav")

    assert store.delete_prefix(JOB) == 2
    assert list(store.list(JOB)) == []
    assert all(store.exists(key) for key in siblings)
    assert store.delete_prefix(JOB) == 0

    # the freed prefix can hold an object again (LocalStore prunes the empty folders)
    store.put_bytes(JOB, b"now an object")
    assert store.get_bytes(JOB) == b"now an object"


def test_open_read_streams_in_pieces(store):
    key = f"{JOB}/master.wav"
    data = bytes(range(256)) * 4096  # 1 MiB
    store.put_bytes(key, data)
    with store.open_read(key) as stream:
        head = stream.read(10)
        rest = b"".join(iter(lambda: stream.read(65536), b""))
        assert stream.read(10) == b""
    assert head + rest == data

    stream = store.open_read(key)
    assert stream.read(3) == data[:3]
    stream.close()  # closing early releases the connection; the store keeps working
    assert store.get_bytes(key) == data


def test_uri_round_trip_and_foreign_references(store):
    key = f"{JOB}/mix.wav"
    uri = store.uri(key)
    assert uri == f"{store.scheme}://{key}"
    assert store.key_from_uri(uri) == key
    other = "s3" if store.scheme == "file" else "file"
    for foreign in (f"{other}://{key}", f"https://example.com/{key}", key, f"{store.scheme}:/{key}"):
        with pytest.raises(InvalidInput):
            store.key_from_uri(foreign)
    for escaping in (f"{store.scheme}://../etc/passwd", f"{store.scheme}:///etc/passwd", f"{store.scheme}://a//b"):
        with pytest.raises(InvalidInput):
            store.key_from_uri(escaping)


BAD_KEYS = [
    "../x",
    "a/../b",
    "/abs",
    "a//b",
    "a/b/",
    "",
    ".",
    "a/./b",
    "a\nb",
    "a/b\n",  # ``re.match`` with ``$`` accepted this one
    "a\x00b",
    "a\tb",
    "a\x7fb",
    "a\\b",
    "a b",
    "é",
    "a/" + "x" * 201,
    "x/" * 500 + "y",
]


@pytest.mark.parametrize("key", BAD_KEYS, ids=repr)
def test_unsafe_keys_are_rejected_by_every_operation(store, tmp_path, key):
    source = tmp_path / "src.bin"
    source.write_bytes(b"x")
    operations = {
        "put_bytes": lambda: store.put_bytes(key, b"x"),
        "put_file": lambda: store.put_file(key, source),
        "get_bytes": lambda: store.get_bytes(key),
        "get_file": lambda: store.get_file(key, tmp_path / "dest.bin"),
        "open_read": lambda: store.open_read(key),
        "stat": lambda: store.stat(key),
        "exists": lambda: store.exists(key),
        "delete": lambda: store.delete(key),
        "uri": lambda: store.uri(key),
    }
    if key not in ("a/b/",):  # a trailing "/" is allowed on a listing prefix
        operations["list"] = lambda: store.list(key)
        operations["delete_prefix"] = lambda: store.delete_prefix(key)
    for name, operation in operations.items():
        with pytest.raises(InvalidInput):
            operation()
            pytest.fail(f"{name} accepted {key!r}")
    assert not (tmp_path / "x").exists() and not (tmp_path / "dest.bin").exists()


def test_validate_key_accepts_the_layout_keys():
    for key in ("tenants/t-1/jobs/0f3a/inputs/vocal_take_1.wav", "a", "a/b.c/d_e-f", "x" * 200):
        assert validate_key(key) == key


def test_local_store_reports_a_key_clash_as_conflict(tmp_path):
    store = LocalStore(tmp_path / "objects")
    store.put_bytes("a/b", b"file")
    with pytest.raises(Conflict):
        store.put_bytes("a/b/c", b"under a file")
    store.put_bytes("x/y/z", b"deep")
    with pytest.raises(Conflict):
        store.put_bytes("x/y", b"over a folder")
    assert store.get_bytes("a/b") == b"file" and store.get_bytes("x/y/z") == b"deep"


def test_check_passes_on_a_working_store(store):
    store.check()


def test_s3_unreachable_endpoint_raises_unavailable_quickly():
    store = S3Store(f"127.0.0.1:{free_port()}", "mixdown", "mixdownkey", "mixdownsecret", timeout_seconds=1)
    for name, operation in {
        "check": store.check,
        "put_bytes": lambda: store.put_bytes(f"{JOB}/x", b"x"),
        "get_bytes": lambda: store.get_bytes(f"{JOB}/x"),
        "stat": lambda: store.stat(f"{JOB}/x"),
        "list": lambda: store.list(JOB),
    }.items():
        started = time.monotonic()
        with pytest.raises(Unavailable):
            operation()
        assert time.monotonic() - started < 5, f"{name} took too long to give up"


def test_s3_stopped_server_raises_unavailable_quickly(tmp_path):
    server = start_seaweedfs(tmp_path / "seaweedfs")
    store = S3Store(server.endpoint, "mixdown", server.access_key, server.secret_key, timeout_seconds=1)
    store.put_bytes(f"{JOB}/x", b"x")
    server.stop()
    started = time.monotonic()
    with pytest.raises(Unavailable):
        store.get_bytes(f"{JOB}/x")
    with pytest.raises(Unavailable):
        store.put_bytes(f"{JOB}/y", b"y")
    assert time.monotonic() - started < 10


def test_s3_paused_server_raises_unavailable_within_the_timeouts(s3_server):
    store = S3Store(
        s3_server.endpoint,
        "mixdown",
        s3_server.access_key,
        s3_server.secret_key,
        timeout_seconds=1,
        read_timeout_seconds=1,
        retries=1,
    )
    store.put_bytes(f"{JOB}/x", b"x")
    s3_server.pause()
    try:
        started = time.monotonic()
        with pytest.raises(Unavailable):
            store.get_bytes(f"{JOB}/x")
        assert time.monotonic() - started < 6
    finally:
        s3_server.resume()
    assert store.get_bytes(f"{JOB}/x") == b"x"


def test_s3_wrong_credentials_raise_unavailable_naming_the_code(s3_server):
    store = S3Store(s3_server.endpoint, "mixdown", "not-a-key", "not-the-secret", timeout_seconds=1)
    with pytest.raises(Unavailable, match="InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied"):
        store.get_bytes(f"{JOB}/x")
