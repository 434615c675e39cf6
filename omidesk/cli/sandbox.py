"""`omidesk sandbox`: a local server that behaves like OMICall, for trying things out."""

from __future__ import annotations

import argparse

from omidesk.cli.context import Context
from omidesk.sandbox.serve import serve
from omidesk.sandbox.server import DEFAULT_API_KEY


def run(ctx: Context, args: argparse.Namespace) -> int:
    return serve(port=args.port, api_key=args.api_key or DEFAULT_API_KEY, out=ctx.out)
