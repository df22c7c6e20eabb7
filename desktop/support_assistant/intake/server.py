"""``support-assistant-intake``: the reference intake server (tus uploads + bundle API).

    support-assistant-intake [serve] --storage DIR --tokens FILE [--host 127.0.0.1]
                             [--port 8765] [--max-size 1G] [--tls-cert PEM --tls-key PEM]
    support-assistant-intake add-token --tokens FILE --customer ACME-001
    support-assistant-intake add-token --tokens FILE --engineer --name alice

``serve`` prints one line, ``listening on URL``, once the socket is bound (port 0
picks a free port). OpenAPI is published at ``/openapi.json`` and ``/docs``.
FastAPI and uvicorn are imported only when serving (extra ``[intake]``).
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs

from .. import __version__
from ..core.errors import SupportAssistantError, UsageError
from ..core.messages import msg, register

register({
    "intake.help": "Run the reference intake server, or add an access token to its tokens file.",
    "intake.listening": "Support Assistant intake listening on {url} (storage {storage})",
    "intake.token_added": "New {role} token for {who} (shown once, store it now):",
    "intake.bad_size": "The size {value!r} is not valid: use bytes or a number with K, M or G "
                       "(e.g. 500M).",
    "intake.no_tokens": "The tokens file {path} does not exist; create a token first with "
                        "'support-assistant-intake add-token --tokens {path} --customer ID'.",
    "intake.tls_pair": "--tls-cert and --tls-key must be given together.",
    "intake.no_fastapi": "The intake server needs the [intake] extra: pip install "
                         "'support-assistant[intake]'.",
    "intake.port_busy": "Cannot listen on {host}:{port}: {reason}.",
    "intake.arg.serve": "run the server (the default)",
    "intake.arg.host": "address to listen on (default 127.0.0.1)",
    "intake.arg.port": "port to listen on; 0 picks a free one (default 8765)",
    "intake.arg.storage": "folder for uploads and their index (default: the user's data folder)",
    "intake.arg.tokens": "tokens file (default: STORAGE/tokens.toml)",
    "intake.arg.max_size": "largest upload accepted, e.g. 500M (default 1G)",
    "intake.arg.public_url": "base URL clients use, when behind a reverse proxy",
    "intake.arg.tls_cert": "serve HTTPS with this certificate chain (PEM)",
    "intake.arg.tls_key": "the private key of --tls-cert (PEM)",
    "intake.arg.add_token": "create a token, print it once, store only its hash",
    "intake.arg.customer": "customer ID this service token uploads for",
    "intake.arg.engineer": "an engineer token (lists, downloads and deletes every bundle)",
    "intake.arg.name": "a label for people",
})

DEFAULT_MAX_SIZE = 1 << 30


def default_storage() -> Path:
    return platformdirs.user_data_path("support-assistant-intake", appauthor=False)


def create_app(storage_dir: Path, tokens_file: Path, max_size: int = DEFAULT_MAX_SIZE, *,
               public_url: str = "") -> Any:
    """The FastAPI application storing under ``storage_dir``, trusting ``tokens_file``."""
    from fastapi import FastAPI

    from . import api, tus
    from .context import IntakeContext
    from .storage import Storage
    from .tokens import TokenStore

    app = FastAPI(title="Support Assistant intake", version=__version__,
                  description="tus 1.0 uploads at /files/ (Authorization: Bearer <service token>)"
                              " and the bundle API for engineers and customers at /api/.")
    tokens = TokenStore(Path(tokens_file))  # a bad tokens file fails before anything is created
    app.state.intake = IntakeContext(storage=Storage(Path(storage_dir)), tokens=tokens,
                                     max_size=max_size, public_url=public_url)
    app.include_router(tus.router)
    app.include_router(api.router)

    @app.get("/", include_in_schema=False)
    async def root() -> dict[str, str]:
        return {"service": "support-assistant-intake", "tus": "/files/", "api": "/api/bundles",
                "openapi": "/openapi.json"}

    return app


def parse_size(value: str) -> int:
    """``1048576``, ``500M``, ``2G``, ``64k`` → bytes (binary units)."""
    match = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)i?b?\s*", value, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(msg("intake.bad_size", value=value))
    factor = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    return int(match.group(1)) * factor[match.group(2).lower()]


def add_arguments(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """The ``serve`` and ``add-token`` subcommands (shared with ``support-assistant intake``)."""
    sub = parser.add_subparsers(dest="intake_command", metavar="COMMAND", required=required)
    serve = sub.add_parser("serve", help=msg("intake.arg.serve"))
    serve.add_argument("--host", default="127.0.0.1", help=msg("intake.arg.host"))
    serve.add_argument("--port", type=int, default=8765, help=msg("intake.arg.port"))
    serve.add_argument("--storage", type=Path, default=None, help=msg("intake.arg.storage"))
    serve.add_argument("--tokens", type=Path, default=None, help=msg("intake.arg.tokens"))
    serve.add_argument("--max-size", type=parse_size, default=DEFAULT_MAX_SIZE,
                       help=msg("intake.arg.max_size"))
    serve.add_argument("--public-url", default="", help=msg("intake.arg.public_url"))
    serve.add_argument("--tls-cert", type=Path, default=None, help=msg("intake.arg.tls_cert"))
    serve.add_argument("--tls-key", type=Path, default=None, help=msg("intake.arg.tls_key"))
    serve.add_argument("--log-level", default="warning",
                       choices=["critical", "error", "warning", "info", "debug"])
    add = sub.add_parser("add-token", help=msg("intake.arg.add_token"))
    add.add_argument("--tokens", type=Path, default=None, help=msg("intake.arg.tokens"))
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--customer", help=msg("intake.arg.customer"))
    who.add_argument("--engineer", action="store_true", help=msg("intake.arg.engineer"))
    add.add_argument("--name", default="", help=msg("intake.arg.name"))


def run(args: argparse.Namespace) -> int:
    """Run the parsed ``serve`` or ``add-token`` command."""
    if getattr(args, "intake_command", None) == "add-token":
        from .tokens import add_token
        path = args.tokens or default_storage() / "tokens.toml"
        token = add_token(path, customer=args.customer or "", engineer=args.engineer,
                          name=args.name)
        role = "engineer" if args.engineer else "customer"
        print(msg("intake.token_added", role=role, who=args.name or args.customer or role),
              file=sys.stderr)
        print(token)
        return 0
    return serve(args)


def serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError as exc:
        raise SupportAssistantError(msg("intake.no_fastapi")) from exc
    storage = (args.storage or default_storage()).expanduser()
    tokens = (args.tokens or storage / "tokens.toml").expanduser()
    if not tokens.exists():
        raise UsageError(msg("intake.no_tokens", path=tokens))
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError(msg("intake.tls_pair"))
    app = create_app(storage, tokens, args.max_size, public_url=args.public_url)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as exc:
        raise UsageError(msg("intake.port_busy", host=args.host, port=args.port,
                             reason=exc.strerror)) from exc
    sock.listen(128)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    scheme = "https" if args.tls_cert else "http"
    host = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    config = uvicorn.Config(app, log_level=args.log_level, access_log=False,
                            ssl_certfile=str(args.tls_cert) if args.tls_cert else None,
                            ssl_keyfile=str(args.tls_key) if args.tls_key else None,
                            timeout_keep_alive=30, server_header=False)
    print(msg("intake.listening", url=f"{scheme}://{host}:{port}/", storage=storage), flush=True)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``support-assistant-intake``; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "serve")
    parser = argparse.ArgumentParser(prog="support-assistant-intake",
                                     description=msg("intake.help"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_arguments(parser)
    args = parser.parse_args(args_list)
    try:
        return run(args)
    except SupportAssistantError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
