from mixdown.settings import ServiceSettings, service_config


class MixingSettings(ServiceSettings):
    model_config = service_config("MIXING")

    grpc_port: int = 50053
