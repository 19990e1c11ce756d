from mixdown.service import main
from mixdown_qc.server import SERVICE_NAMES, register
from mixdown_qc.settings import QcSettings
from mixdown_qc.stage import QcStage


def run() -> None:
    main("qc", QcSettings, SERVICE_NAMES, register,
         lambda ctx: QcStage(max_iterations=ctx.settings.max_iterations))


if __name__ == "__main__":
    run()
