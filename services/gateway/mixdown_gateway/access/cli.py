"""``python -m mixdown_gateway keys ...``: create, list and revoke API keys.

Reads the NATS URL (and the plans file) from the gateway's settings, i.e. the
``MIXDOWN_GATEWAY_*`` environment, so it runs beside a gateway, e.g. in its pod::

    python -m mixdown_gateway keys create --tenant acme --plan pro --label "acme CI"
    python -m mixdown_gateway keys list --tenant acme
    python -m mixdown_gateway keys revoke 3f9c0a1b2c4d
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime

from mixdown import telemetry
from mixdown.errors import MixdownError
from mixdown.events.bus import connect
from mixdown_gateway.access import kv
from mixdown_gateway.access.keys import ApiKeyRecord, KeyStore
from mixdown_gateway.access.plans import load_plans
from mixdown_gateway.settings import GatewaySettings


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m mixdown_gateway keys",
                                   description="API keys of the gateway's tenants (in NATS, seen by every replica)")
    commands = root.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="make a key; it is printed once and never stored")
    create.add_argument("--tenant", required=True, help="tenant id: lowercase letters, digits, - and _")
    create.add_argument("--plan", required=True, help="plan name (basic, pro, enterprise by default)")
    create.add_argument("--label", default="", help="a note shown by list (who or what uses the key)")
    listing = commands.add_parser("list", help="list keys (never the keys themselves)")
    listing.add_argument("--tenant", default=None, help="only this tenant's keys")
    listing.add_argument("--json", action="store_true", help="one JSON object a line")
    revoke = commands.add_parser("revoke", help="revoke a key by its id (the part after mdk_)")
    revoke.add_argument("key_id")
    return root


def _line(record: ApiKeyRecord) -> str:
    created = datetime.fromtimestamp(record.created_at, tz=UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    state = "revoked" if record.revoked else "active"
    return f"{record.id}  {record.tenant:20} {record.plan:12} {state:8} {created}  {record.label}"


async def run(args: argparse.Namespace, settings: GatewaySettings) -> int:
    bus = await connect(settings.nats_url, settings.nats_connect_attempts, name="mixdown-gateway-keys")
    try:
        keys = KeyStore(await kv.open_bucket(bus.js, kv.KEY_BUCKET, history=4), load_plans(settings.plans_path))
        if args.command == "create":
            record, key = await keys.create(args.tenant, args.plan, args.label)
            print(f"API key for tenant {record.tenant} (plan {record.plan}, id {record.id}); it is shown only now:",
                  file=sys.stderr)
            print(key)
        elif args.command == "list":
            for record in await keys.list(args.tenant):
                print(json.dumps(record.public()) if args.json else _line(record))
        else:
            record = await keys.revoke(args.key_id)
            print(f"revoked {record.id} (tenant {record.tenant})")
        return 0
    finally:
        await bus.close()


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    telemetry.configure_logging("gateway-keys", "error")  # JSON lines on stderr; stdout carries the key alone
    try:
        return asyncio.run(run(args, GatewaySettings()))
    except (MixdownError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
