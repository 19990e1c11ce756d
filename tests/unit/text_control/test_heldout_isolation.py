"""The held-out corpus stays held out: no module of the parser, the shared library or the tools
names it (only bench/text.py, which measures it, may)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = "held" + "out"  # spelled apart so that this test does not name it either


def test_no_module_under_services_lib_or_tools_names_the_held_out_corpus():
    offenders = []
    for folder in ("services", "lib", "tools"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".toml", ".json", ".jsonl", ".txt", ".cfg", ".yaml", ".yml"):
                if FORBIDDEN in path.read_text(encoding="utf-8", errors="ignore").lower():
                    offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders
    assert (ROOT / "services" / "text-control" / "mixdown_text_control" / "core.py").exists()
