"""Mixdown gateway: the public REST API (uploads, job status, SSE progress, downloads) and the
internal gRPC GatewayService, both over the same NATS bus and object store."""
