import threading
from typing import Any, cast

import structlog

from mixdown.errors import MixdownError
from mixdown.service import ServiceContext, main
from mixdown_separation.core import Separator
from mixdown_separation.drums import DrumSplitter
from mixdown_separation.server import SERVICE_NAMES, register
from mixdown_separation.settings import SeparationSettings
from mixdown_separation.stage import SeparationStage

log = structlog.get_logger("separation")


class OneModel:
    """The process's one Separator, loaded once in the background at start.

    The service serves health and the rest of its API while the model loads; a model that
    cannot be found is reported in the log at start and to every separation asked of it
    (the error says where it looked and how to provide the model), and is looked for again
    on the next request, so a model provided later is picked up without a restart.
    """

    label = "model"

    def __init__(self) -> None:
        self._loaded: Any = None
        self._options: dict[str, Any] = {}
        self._lock = threading.Lock()

    def options(self, settings: SeparationSettings) -> dict[str, Any]:
        return settings.separator_options()

    def build(self, options: dict[str, Any]) -> Any:
        return Separator(**options)

    def configure(self, ctx: ServiceContext) -> "OneModel":
        if not self._options:
            settings = cast(SeparationSettings, ctx.settings)  # main() built it from SeparationSettings
            self._options = self.options(settings)
            # Not a daemon: a process told to stop while the model loads waits for the load to
            # end, since native code (torch, onnxruntime) killed mid-load by interpreter exit
            # aborts the process ("terminate called without an active exception").
            threading.Thread(target=self._preload, name=f"{self.label}-load", daemon=False).start()
        return self

    def _preload(self) -> None:
        try:
            self.get()
            log.info(f"{self.label}_loaded", model=self._options.get("model_name"))
        except MixdownError as exc:
            log.warning(f"{self.label}_unavailable", error=str(exc))

    def get(self) -> Any:
        with self._lock:
            if self._loaded is None:
                self._loaded = self.build(self._options)
            return self._loaded

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


class OneDrumSplitter(OneModel):
    """The process's drum splitter: the configured drum model (loaded once, like the main model),
    or the DSP splitter when none is configured."""

    label = "drum_model"

    def options(self, settings: SeparationSettings) -> dict[str, Any]:
        return settings.drum_splitter_options()

    def build(self, options: dict[str, Any]) -> Any:
        return DrumSplitter(**options)


def run() -> None:
    model = OneModel()
    drums = OneDrumSplitter()
    main(
        "separation",
        SeparationSettings,
        SERVICE_NAMES,
        lambda server, ctx: register(server, ctx, model.configure(ctx), drums.configure(ctx)),
        lambda ctx: SeparationStage(model.configure(ctx), drums.configure(ctx)),
    )


if __name__ == "__main__":
    run()
