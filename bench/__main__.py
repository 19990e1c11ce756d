"""Run every benchmark (or those named): ``python -m bench [name ...]``.

Each module in this package that defines ``run() -> list[str]`` is a benchmark; it prints
its own figures, always with the ratio to a baseline measured in the same run, and returns
one summary line per figure. Results are also written to ``bench-results.json``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

import bench


def main(argv: list[str]) -> int:
    names = [m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")]
    wanted = argv or names
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}", file=sys.stderr)
        return 2
    summary: dict[str, list[str]] = {}
    for name in wanted:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        summary[name] = module.run()
        print(f"   ({time.perf_counter() - started:.1f} s)\n", flush=True)
    print("== summary")
    for name, lines in summary.items():
        for line in lines:
            print(f"{name}: {line}")
    Path("bench-results.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
