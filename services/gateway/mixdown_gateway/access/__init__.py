"""Access to the gateway: API keys, plans, quotas, rate limits, signed links and webhooks.

Each module is usable without FastAPI (the HTTP edge is :mod:`mixdown_gateway.deps` and the
routers); the shared state of one gateway process is :class:`mixdown_gateway.access.state.Access`.
"""
