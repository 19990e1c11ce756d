from mixdown.service import main
from mixdown_text_control.server import SERVICE_NAMES, register
from mixdown_text_control.settings import TextControlSettings
from mixdown_text_control.stage import TextControlStage


def run() -> None:
    main("text_control", TextControlSettings, SERVICE_NAMES, register,
         lambda ctx: TextControlStage(ctx.settings.text_control()))


if __name__ == "__main__":
    run()
