"""The job form's delivery targets: loudness names, ceiling, maximum width and loudness range."""

from __future__ import annotations

import pytest

from mixdown.errors import InvalidInput
from mixdown_gateway.forms import parse_targets


def test_defaults_and_loudness_names():
    assert parse_targets(None) == {"target_lufs": -14.0, "ceiling_dbtp": -1.0}
    assert parse_targets("club") == {"target_lufs": -8.0, "ceiling_dbtp": -1.0}
    assert parse_targets('{"target_lufs": "pop"}')["target_lufs"] == -10.0


def test_width_and_loudness_range_limits_are_accepted():
    targets = parse_targets('{"target_lufs": -9, "max_width_percent": 120, "max_lra_lu": 8}')
    assert targets == {"target_lufs": -9.0, "ceiling_dbtp": -1.0, "max_width_percent": 120.0, "max_lra_lu": 8.0}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"max_width_percent": 250}', "targets.max_width_percent=250 is outside [50, 200] %"),
        ('{"max_lra_lu": 0.5}', "targets.max_lra_lu=0.5 is outside [1, 30] LU"),
        ('{"ceiling_dbtp": 1}', "targets.ceiling_dbtp=1 is outside [-20, 0] dBTP"),
        ('{"target_lufs": -45}', "targets.target_lufs=-45 is outside [-40, -5] LUFS"),
        ('{"max_width": 100}', "targets: unknown parameter 'max_width'"),
        ('{"max_lra_lu": "wide"}', "max_lra_lu must be a finite number"),
    ],
)
def test_out_of_range_targets_name_the_field_and_the_range(raw, message):
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_targets(raw)
