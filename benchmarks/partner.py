"""Listing a partner's companies: OmiDesk's partner adapter next to a bare httpx paging
loop, in the same run, against the same sandbox.

    python benchmarks/partner.py [--rounds N] [--companies N] [--page-size N]

1,000 companies over 20 pages of 50, a warm token and connection on both sides. Ours
is `PartnerClient.tenants()`: every page read through the OMICall client (size cap,
envelope, timeouts), each company turned into a domain type with its texts cleaned and
its key registered as a secret. The baseline POSTs page after page with httpx and keeps
the raw JSON items. Target ≤ 1.3×.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

from omidesk.omicall.partner import LIST, PartnerClient
from omidesk.sandbox.partner import PARTNER_API_KEY
from omidesk.sandbox.server import Sandbox

sys.path.insert(0, str(Path(__file__).parent))
from common import compile_like_an_install, header, row


async def bare_listing(http: httpx.AsyncClient, base_url: str, token: str, size: int) -> list:
    """The least a client can do: page until has_next is false, keep the raw items."""
    items: list = []
    page = 1
    headers = {"Authorization": f"Bearer {token}"}
    while True:
        answer = await http.post(
            f"{base_url}{LIST}",
            params={"page": str(page), "size": str(size)},
            json={"keyword": ""},
            headers=headers,
        )
        payload = answer.json()["payload"]
        items += payload["items"]
        if not payload["has_next"]:
            return items
        page += 1


async def measure(
    sandbox: Sandbox, rounds: int, companies: int, size: int
) -> tuple[list[float], list[float]]:
    ours: list[float] = []
    bare: list[float] = []
    async with httpx.AsyncClient() as http:
        partner = PartnerClient(http, sandbox.base_url, PARTNER_API_KEY)
        listed = await partner.tenants(size=size)  # warm: token, connection
        assert len(listed) == companies, len(listed)
        token = partner.client._token or ""
        assert len(await bare_listing(http, sandbox.base_url, token, size)) == companies
        pages = (companies + size - 1) // size
        for _ in range(rounds):
            # Interleaved, so that machine noise hits both alike.
            sandbox.clear()
            started = time.perf_counter()
            listed = await partner.tenants(size=size)
            ours.append(time.perf_counter() - started)
            assert len(listed) == companies
            assert len(sandbox.requests) == pages  # no sign-in, no extra page
            started = time.perf_counter()
            raw = await bare_listing(http, sandbox.base_url, token, size)
            bare.append(time.perf_counter() - started)
            assert len(raw) == companies
    return ours, bare


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--page-size", type=int, default=50)
    args = parser.parse_args()
    compiled = compile_like_an_install()
    with Sandbox() as sandbox:
        sandbox.partner_api.seed(args.companies)
        sandbox.partner_api.max_page_size = args.page_size
        ours, bare = asyncio.run(measure(sandbox, args.rounds, args.companies, args.page_size))
    pages = (args.companies + args.page_size - 1) // args.page_size
    print(
        f"partner benchmark — {args.companies} companies over {pages} pages of "
        f"{args.page_size}, {args.rounds} rounds, Python {sys.version.split()[0]}; {compiled}"
    )
    print(header())
    print(
        row(
            f"list {args.companies} companies, {pages} pages (vs bare httpx paging loop)",
            ours,
            bare,
            1.3,
        )
    )


if __name__ == "__main__":
    main()
