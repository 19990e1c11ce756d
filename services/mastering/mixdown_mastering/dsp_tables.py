"""The DSP stages' parameters that mastering exposes, read as :class:`mixdown.params.Param`.

The maximizer (:mod:`mixdown.dsp.maximizer`) and the width stage (:mod:`mixdown.dsp.stereo`)
still declare their rows with :class:`mixdown.dsp.Parameter`; mastering's tables hold only
Params, so the rows it takes from them are converted here, keeping their range, default and
unit. Times and frequencies with a positive minimum get a log scale, as in every other table.
When ``mixdown.dsp`` declares ParamTables, its Params replace :func:`as_param` and this module goes.
"""

from __future__ import annotations

from mixdown.dsp import Parameter
from mixdown.params import Param, Scale

_LOG_UNITS = ("ms", "Hz")


def as_param(name: str, row: Parameter) -> Param:
    scale = Scale.LOG if row.unit in _LOG_UNITS and row.min_value > 0 else Scale.LINEAR
    return Param(name, row.min_value, row.max_value, row.default, row.unit, row.description, scale=scale)
