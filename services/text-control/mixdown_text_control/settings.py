from mixdown.settings import ServiceSettings, service_config


class TextControlSettings(ServiceSettings):
    model_config = service_config("TEXT_CONTROL")

    grpc_port: int = 50055
