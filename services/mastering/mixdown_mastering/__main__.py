from mixdown.service import main
from mixdown_mastering.server import SERVICE_NAMES, register
from mixdown_mastering.settings import MasteringSettings
from mixdown_mastering.stage import MasteringStage


def run() -> None:
    main("mastering", MasteringSettings, SERVICE_NAMES, register, lambda ctx: MasteringStage())


if __name__ == "__main__":
    run()
