from mixdown.settings import ServiceSettings, service_config


class QcSettings(ServiceSettings):
    model_config = service_config("QC")

    grpc_port: int = 50056
    max_iterations: int = 3
