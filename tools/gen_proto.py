"""Generate the Python gRPC contracts from ``proto/`` into ``lib/``.

Every ``proto/mixdown/<pkg>/v<N>/*.proto`` becomes ``lib/mixdown/<pkg>/v<N>/*_pb2.py``, ``*_pb2.pyi`` and
``*_pb2_grpc.py``, importable as ``mixdown.<pkg>.v<N>``. The script is idempotent: it first deletes
every previously generated file (so a removed or renamed proto leaves nothing stale behind), then
runs ``grpc_tools.protoc`` once over all protos and creates the empty ``__init__.py`` files the
packages need. Hand-written files in ``lib/mixdown`` are never touched: a generated directory may
hold only generated files, and a non-empty ``__init__.py`` is left as it is.

Usage: ``python tools/gen_proto.py`` (``make proto`` runs it).
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "proto"
OUT_DIR = ROOT / "lib"
PACKAGE_DIR = OUT_DIR / "mixdown"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")


def _is_generated(path: Path) -> bool:
    return path.name.endswith(GENERATED_SUFFIXES)


def _version_dirs() -> list[Path]:
    """Existing ``lib/mixdown/<pkg>/v<N>/`` directories: the only places generated code lives."""
    return sorted(p for p in PACKAGE_DIR.glob("*/v[0-9]*") if p.is_dir())


def clean() -> list[Path]:
    """Delete every generated file and the directories left empty; returns what was removed."""
    removed: list[Path] = []
    for version_dir in _version_dirs():
        for path in sorted(version_dir.rglob("*")):
            if path.is_file() and _is_generated(path):
                path.unlink()
                removed.append(path)
        shutil.rmtree(version_dir / "__pycache__", ignore_errors=True)
        init = version_dir / "__init__.py"
        if init.is_file() and init.stat().st_size == 0:
            init.unlink()
        if not any(version_dir.iterdir()):
            version_dir.rmdir()
            removed.append(version_dir)
        package_dir = version_dir.parent
        remaining = {p.name for p in package_dir.iterdir()} - {"__pycache__"}
        package_init = package_dir / "__init__.py"
        if remaining == {"__init__.py"} and package_init.stat().st_size == 0:
            shutil.rmtree(package_dir)
            removed.append(package_dir)
    return removed


def generate() -> list[Path]:
    """Run protoc over every proto file; returns the files written, sorted."""
    protos = sorted(PROTO_DIR.rglob("*.proto"))
    if not protos:
        raise SystemExit(f"no .proto files found under {PROTO_DIR}")
    well_known = resources.files("grpc_tools") / "_proto"
    args = [
        "grpc_tools.protoc",
        f"--proto_path={PROTO_DIR}",
        f"--proto_path={well_known}",
        f"--python_out={OUT_DIR}",
        f"--pyi_out={OUT_DIR}",
        f"--grpc_python_out={OUT_DIR}",
        *(str(p.relative_to(PROTO_DIR)) for p in protos),
    ]
    status = protoc.main(args)
    if status != 0:
        raise SystemExit(f"protoc failed with exit status {status} on {len(protos)} files under {PROTO_DIR}")

    written: list[Path] = []
    for proto in protos:
        stem = proto.relative_to(PROTO_DIR).with_suffix("")
        for suffix in GENERATED_SUFFIXES:
            path = OUT_DIR / f"{stem}{suffix}"
            if not path.is_file():
                raise SystemExit(f"protoc reported success but did not write {path}")
            written.append(path)
    return sorted(written)


def write_package_inits(generated: list[Path]) -> list[Path]:
    """Create an empty ``__init__.py`` in every directory between ``lib/mixdown`` and the generated files."""
    created: list[Path] = []
    dirs = {d for path in generated for d in path.parents if d != PACKAGE_DIR and PACKAGE_DIR in d.parents}
    for directory in sorted(dirs):
        init = directory / "__init__.py"
        if not init.exists():
            init.touch()
            created.append(init)
    return created


def main() -> int:
    removed = clean()
    generated = generate()
    inits = write_package_inits(generated)
    for path in removed:
        if not path.exists():
            print(f"removed stale {path.relative_to(ROOT)}")
    for path in sorted(generated + inits):
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(generated)} generated files and {len(inits)} __init__.py files under {OUT_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
