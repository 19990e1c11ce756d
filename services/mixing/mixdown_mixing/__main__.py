from mixdown.service import main
from mixdown_mixing.cache import RenderCache
from mixdown_mixing.server import SERVICE_NAMES, register
from mixdown_mixing.settings import MixingSettings
from mixdown_mixing.stage import MixingStage


def run() -> None:
    main("mixing", MixingSettings, SERVICE_NAMES, register, lambda ctx: MixingStage(RenderCache(ctx.settings.render_cache_bytes),
                                                                     lane=ctx.settings.lane))


if __name__ == "__main__":
    run()
