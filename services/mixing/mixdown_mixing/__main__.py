from mixdown.service import ServiceContext, main
from mixdown_mixing.cache import RenderCache
from mixdown_mixing.server import SERVICE_NAMES, register
from mixdown_mixing.settings import MixingSettings
from mixdown_mixing.stage import MixingStage, start_style_preload


def stage(ctx: ServiceContext) -> MixingStage:
    """The mixing worker's stage; the style mode's packages load meanwhile (either lane can get
    style jobs: without a style lane the ordinary workers take them)."""
    start_style_preload()
    return MixingStage(RenderCache(ctx.settings.render_cache_bytes), lane=ctx.settings.lane)


def run() -> None:
    main("mixing", MixingSettings, SERVICE_NAMES, register, stage)


if __name__ == "__main__":
    run()
