"""The amortised style controller: one network pass from features to the console's style parameters.

The network (trained by ``make train-style``, see ``docs/models.md``) ships as ONNX in
``models/controller.onnx`` and is served by onnxruntime: the CUDA provider first when
``onnxruntime.get_available_providers()`` lists it, the CPU otherwise. onnxruntime falls back to
the CPU silently when CUDA cannot start, so :attr:`Controller.providers` reports what the
session really uses (``session.get_providers()``), and a fallback is logged.

Its outputs are the style parameters on their normalised scale; :meth:`Controller.predict`
brings them back to units through each :class:`mixdown.params.Param` (by name: the model's
metadata names its outputs and roles, and a model trained for other parameters is refused).
The prediction is a starting point for the optimisation and always goes through the safety net.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort

from mixdown.catalog import ROLES
from mixdown.errors import Unavailable
from mixdown.mixparams import LEAD_VOCAL_FIXED
from mixdown.onnxsession import open_session
from mixdown_mixing.style.inputs import ReferenceFeatures, TrackFeatures, controller_inputs
from mixdown_mixing.style.space import BUS_STYLE_PARAMETERS, TRACK_STYLE_PARAMETERS, bus_params, track_params

__all__ = ["MODEL_PATH", "Controller", "controller_inputs"]

MODEL_PATH = Path(__file__).with_name("models") / "controller.onnx"


def _expected_metadata() -> dict[str, list[str]]:
    return {
        "track_parameters": list(TRACK_STYLE_PARAMETERS),
        "bus_parameters": [f"{bus}.{name}" for bus, names in BUS_STYLE_PARAMETERS.items() for name in names],
        "roles": list(ROLES),
    }


class Controller:
    """An onnxruntime session of the style controller; build it with :meth:`load`."""

    def __init__(self, session: ort.InferenceSession, path: Path) -> None:
        self._session = session
        self.path = path

    @classmethod
    def load(cls, path: Path | str | None = None, threads: int | None = None) -> Controller | None:
        """The controller at ``path`` (the shipped model by default), or None when no file is there.

        Raises :class:`mixdown.errors.Unavailable` when the file is not a controller for this
        console's style parameters and roles (its metadata says what it was trained for)."""
        path = Path(path) if path is not None else MODEL_PATH
        if not path.is_file():
            return None
        session = open_session(path, "style controller", threads=threads)
        metadata = session.get_modelmeta().custom_metadata_map
        for key, expected in _expected_metadata().items():
            found = json.loads(metadata.get(key, "null"))
            if found != expected:
                raise Unavailable(f"style controller {path}: trained for {key} {found}, the console has {expected}"[:600])
        return cls(session, path)

    @property
    def providers(self) -> list[str]:
        """The execution providers the session really uses, first preferred."""
        return list(self._session.get_providers())

    def run(self, tracks: TrackFeatures, reference: ReferenceFeatures) -> tuple[np.ndarray, np.ndarray]:
        """The raw network outputs: (N, track parameters) and (bus parameters,), normalised to [0, 1]."""
        feeds = {
            "track_mel": tracks.mel[None].astype(np.float32),
            "track_scalars": tracks.scalars[None].astype(np.float32),
            "track_roles": tracks.roles_index[None].astype(np.int64),
            "reference_mel": reference.mel[None].astype(np.float32),
            "reference_scalars": reference.scalars[None].astype(np.float32),
        }
        track_out, bus_out = self._session.run(["track_params", "bus_params"], feeds)
        return track_out[0], bus_out[0]

    def predict(self, track_features: TrackFeatures, reference_features: ReferenceFeatures) -> dict[str, dict[str, float]]:
        """The style parameters in units, by map (each track's name, then ``reverb`` and ``bus``)
        and name. A lead vocal keeps its fixed pan and width (the network is not trained on them)."""
        track_out, bus_out = self.run(track_features, reference_features)
        result: dict[str, dict[str, float]] = {}
        specs = track_params()
        for name, role, row in zip(track_features.names, track_features.roles, track_out, strict=True):
            values = {p: specs[p].denormalise(float(u)) for p, u in zip(TRACK_STYLE_PARAMETERS, row, strict=True)}
            if role == "lead_vocal":
                values.update({p: v for p, v in LEAD_VOCAL_FIXED.items() if p in values})
            result[name] = values
        units = iter(bus_out)
        for bus, bus_specs in bus_params().items():
            result[bus] = {p: spec.denormalise(float(next(units))) for p, spec in bus_specs.items()}
        return result
