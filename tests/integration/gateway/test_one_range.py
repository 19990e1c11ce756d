"""One range per parameter name, everywhere: the services' tables, the gateway's OpenAPI schema and
``GET /v1/parameters`` and ``GET /v1/catalog`` agree on every name's range (and default, unit and
scale where they state them)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from mixdown.params import REGISTRY, Param

SERVICE_PACKAGES = ("mixdown", "mixdown_gateway", "mixdown_mixing", "mixdown_mastering", "mixdown_qc",
                    "mixdown_separation", "mixdown_text_control")


def _import_everything() -> list[Any]:
    """Every module of the library and the services (so that every table registers), not run as main."""
    modules = []
    for name in SERVICE_PACKAGES:
        package = importlib.import_module(name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def _declared(modules: list[Any]) -> Iterator[tuple[str, Param]]:
    """(where, Param) for every Param in the registry and in any module-level name → Param map."""
    for group, table in REGISTRY.tables.items():
        for p in table.values():
            yield f"registry {group}", p
    for module in modules:
        for attribute, value in vars(module).items():
            if isinstance(value, Param):
                yield f"{module.__name__}.{attribute}", value
            elif isinstance(value, Mapping) and value and all(isinstance(v, Param) for v in value.values()):
                for p in value.values():
                    yield f"{module.__name__}.{attribute}", p


def _numeric_properties(node: Any, path: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, property name, schema) of every property of a JSON schema tree with a bound."""
    if isinstance(node, dict):
        for name, schema in (node.get("properties") or {}).items():
            if isinstance(schema, dict) and ({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"} & set(schema)):
                yield path, name, schema
        for key, child in node.items():
            yield from _numeric_properties(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _numeric_properties(child, f"{path}/{index}")


def _exported(node: Any) -> Iterator[dict[str, Any]]:
    """Every exported parameter (a dict with name, min, max) in a JSON body."""
    if isinstance(node, dict):
        if {"name", "min", "max", "default", "unit"} <= set(node):
            yield node
        for child in node.values():
            yield from _exported(child)
    elif isinstance(node, list):
        for child in node:
            yield from _exported(child)


@pytest.fixture(scope="module")
def declared() -> dict[str, list[tuple[str, Param]]]:
    by_name: dict[str, list[tuple[str, Param]]] = {}
    for where, p in _declared(_import_everything()):
        by_name.setdefault(p.name, []).append((where, p))
    return by_name


def test_every_declared_parameter_has_one_definition(declared):
    assert len(declared) > 80  # the console, mastering, targets and corrections at least
    for group in ("mixing.track.eq", "mixing.bus.output", "mastering.eq", "mastering.multiband",
                  "mastering.loudness", "targets", "corrections"):
        assert group in REGISTRY.tables, group
    for name, places in declared.items():
        definitions = {(p.min, p.max, p.default, p.unit, p.step, p.scale) for _, p in places}
        assert len(definitions) == 1, f"{name}: {[(where, p.range, p.default, p.unit) for where, p in places]}"
        assert REGISTRY.by_name[name].range == places[0][1].range, name


def test_the_api_states_the_same_ranges(client, declared):
    registry = {name: places[0][1] for name, places in declared.items()}
    checked: set[str] = set()

    schema = client.get("/openapi.json").json()
    for path, name, prop in _numeric_properties(schema):
        if name not in registry:
            continue
        p = registry[name]
        assert (prop.get("minimum", prop.get("exclusiveMinimum")), prop.get("maximum", prop.get("exclusiveMaximum"))) == (
            p.min, p.max), f"OpenAPI {path}.{name}"
        checked.add(name)

    for route in ("/v1/parameters", "/v1/catalog"):
        response = client.get(route)
        assert response.status_code == 200, response.text
        exported = list(_exported(response.json()))
        assert exported, route
        for item in exported:
            p = registry[item["name"]]
            assert (item["min"], item["max"], item["default"], item["unit"]) == (p.min, p.max, p.default, p.unit), (
                f"{route}: {item['name']}")
            assert (item["step"], item["scale"]) == (p.step, str(p.scale)), f"{route}: {item['name']}"
            checked.add(item["name"])
    # Every console parameter and delivery target is served, with the range declared in its table.
    assert {"ceiling_dbtp", "target_lufs", "comp_ratio", "bpm", "width_percent"} <= checked
