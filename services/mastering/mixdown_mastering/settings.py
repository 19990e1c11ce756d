from mixdown.settings import ServiceSettings, service_config


class MasteringSettings(ServiceSettings):
    model_config = service_config("MASTERING")

    grpc_port: int = 50054
