"""mixdown.params: the one parameter type (check, clamp, normalise on its scale) and the registry
that keeps one definition per name."""

from __future__ import annotations

import math

import pytest

from mixdown.errors import InvalidInput
from mixdown.params import REGISTRY, Param, ParamTable, Registry, Scale


def test_check_and_clamp():
    p = Param("gain_db", -60.0, 24.0, 0.0, "dB", "fader")
    assert p.check(-3) == -3.0 and isinstance(p.check(-3), float)
    with pytest.raises(InvalidInput, match=r"bus.gain_db=30 is outside \[-60, 24\] dB"):
        p.check(30, "bus")
    for bad in (True, "loud", math.nan, math.inf, None):
        with pytest.raises(InvalidInput, match="must be a finite number"):
            p.check(bad)
    assert (p.clamp(100.0), p.clamp(-100.0), p.clamp(1.5)) == (24.0, -60.0, 1.5)
    assert (p.clamp(math.nan), p.clamp(math.inf), p.clamp(-math.inf)) == (0.0, 24.0, -60.0)


@pytest.mark.parametrize("scale", list(Scale))
def test_normalise_and_denormalise_round_trip(scale):
    p = Param("cutoff_hz", 20.0, 20000.0, 1000.0, "Hz", "corner", scale=scale)
    assert (p.normalise(p.min), p.normalise(p.max)) == (0.0, 1.0)
    for value in (20.0, 63.0, 440.0, 1000.0, 7777.0, 20000.0):
        assert p.denormalise(p.normalise(value)) == pytest.approx(value, rel=1e-12)
    for u in (0.0, 0.1, 0.5, 0.9, 1.0):
        assert p.normalise(p.denormalise(u)) == pytest.approx(u, abs=1e-12)
    assert p.normalise(1e6) == 1.0 and p.denormalise(-1.0) == p.min  # clamped both ways


def test_log_scale_gives_equal_steps_to_equal_ratios():
    p = Param("cutoff_hz", 20.0, 20000.0, 1000.0, "Hz", "corner", scale=Scale.LOG)
    assert p.normalise(200.0) - p.normalise(20.0) == pytest.approx(p.normalise(2000.0) - p.normalise(200.0))
    assert p.denormalise(0.5) == pytest.approx(math.sqrt(20.0 * 20000.0))
    linear = Param("cutoff_hz", 20.0, 20000.0, 1000.0, "Hz", "corner")
    assert linear.denormalise(0.5) == pytest.approx(10010.0)


def test_a_param_refuses_an_impossible_declaration():
    with pytest.raises(ValueError, match="default 5.0 is outside"):
        Param("x_db", -1.0, 1.0, 5.0, "dB", "x")
    with pytest.raises(ValueError, match="log scale needs a positive minimum"):
        Param("send_db", -60.0, 0.0, -60.0, "dB", "send", scale=Scale.LOG)


def test_a_table_checks_by_name_and_exports_its_group():
    registry = Registry()
    table = ParamTable("test.table", [Param("ratio", 1.0, 20.0, 1.0, "", "ratio", scale=Scale.LOG),
                                      Param("mute", 0.0, 1.0, 0.0, "", "switch", step=1.0)], registry)
    assert registry.tables == {"test.table": table} and "test.table" not in REGISTRY.tables
    assert table["ratio"].group == "test.table"
    assert table.resolve({"ratio": 4}) == {"ratio": 4.0, "mute": 0.0}
    with pytest.raises(InvalidInput, match="unknown parameter 'gain'; known: ratio, mute"):
        table.check({"gain": 1})
    assert table.export()[0] == {"name": "ratio", "min": 1.0, "max": 20.0, "default": 1.0, "unit": "",
                                 "description": "ratio", "step": 0.0, "scale": "log", "group": "test.table"}
    with pytest.raises(ValueError, match="declared twice"):
        ParamTable("test.twice", [Param("a", 0, 1, 0, "", "a"), Param("a", 0, 1, 0, "", "a")], registry)


def test_the_registry_refuses_a_name_with_two_ranges():
    registry = Registry()
    ParamTable("mixing.bus.output", [Param("ceiling_dbtp", -20.0, 0.0, -1.0, "dBTP", "ceiling")], registry)
    # The same definition in another group (another description) is the same quantity: accepted.
    ParamTable("mastering.loudness", [Param("ceiling_dbtp", -20.0, 0.0, -1.0, "dBTP", "the master's")], registry)
    for other in (Param("ceiling_dbtp", -6.0, -0.1, -1.0, "dBTP", "ceiling"),
                  Param("ceiling_dbtp", -20.0, 0.0, -2.0, "dBTP", "ceiling"),
                  Param("ceiling_dbtp", -20.0, 0.0, -1.0, "dB", "ceiling"),
                  Param("ceiling_dbtp", -20.0, 0.0, -1.0, "dBTP", "ceiling", step=0.5)):
        with pytest.raises(ValueError, match="'ceiling_dbtp' is declared in 'mixing.bus.output' .* one name, one range"):
            ParamTable("qc.other", [other], registry)
    with pytest.raises(ValueError, match="group 'mixing.bus.output' declared twice"):
        ParamTable("mixing.bus.output", [Param("trim_db", -24.0, 24.0, 0.0, "dB", "trim")], registry)
    assert "qc.other" not in registry.tables
