"""``rpledger token``: a development bearer token, signed with the development secret.

    rpledger token --role CLINICIAN --provider demo --location ward-oak [--location ...] [--subject ID]
                   [--name NAME] [--hours H]

It prints the token alone on standard output, so that ``TOKEN=$(rpledger token ...)`` works. In production mode
(RPLEDGER_MODE=production) it refuses: production tokens come from the provider's identity service.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rpledger.application.access import Role
from rpledger.infrastructure.settings import Settings
from rpledger.infrastructure.tokens import development_secret, mint_development_token, utc_now

MAX_HOURS = 24 * 7


def _hours(value: str) -> float:
    try:
        hours = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of hours") from None
    if not 0 < hours <= MAX_HOURS:
        raise argparse.ArgumentTypeError(f"--hours must be more than 0 and at most {MAX_HOURS} (a week)")
    return hours


def _text(value: str) -> str:
    if not value.strip() or len(value) > 200:
        raise argparse.ArgumentTypeError("must be 1 to 200 characters")
    return value.strip()


def add_commands(commands: Any, settings_of: Callable[[argparse.Namespace], Settings]) -> None:
    def run(args: argparse.Namespace) -> int:
        return _token(settings_of(args), args)

    token = commands.add_parser(
        "token", help="print a development bearer token (refused in production mode)",
        description="Mints a development token signed with RPLEDGER_JWT_SECRET, or with the secret rpledger "
        "generates in .rpledger-dev-secret in the working directory when that is unset.",
    )
    token.add_argument(
        "--role", action="append", required=True, choices=[r.value for r in Role], dest="roles",
        help="a role the token carries (repeat for more)",
    )
    token.add_argument("--provider", required=True, type=_text, help="the provider whose records it reaches")
    token.add_argument(
        "--location", action="append", default=[], type=_text, dest="locations",
        help="a location it reaches (repeat for more; AUDITOR and ADMIN reach the whole provider)",
    )
    token.add_argument("--subject", type=_text, default="dev-user", help="who it is for (default dev-user)")
    token.add_argument("--name", type=_text, default="Development user", help="their name, as entries record it")
    token.add_argument("--hours", type=_hours, default=12.0, help="how long it is valid (default 12)")
    token.set_defaults(run=run)


def _token(settings: Settings, args: argparse.Namespace) -> int:
    if settings.production:
        print(
            "rpledger: RPLEDGER_MODE=production: no development tokens; tokens come from your identity service",
            file=sys.stderr,
        )
        return 2
    roles = [Role(r) for r in args.roles]
    if not args.locations and not {Role.AUDITOR, Role.ADMIN} & set(roles):
        print(f"rpledger: --location: a {roles[0].value} token needs at least one location", file=sys.stderr)
        return 2
    print(mint_development_token(
        development_secret(settings),
        subject=args.subject,
        name=args.name,
        roles=roles,
        provider=args.provider,
        locations=args.locations,
        now=utc_now(),
        lifetime=timedelta(hours=args.hours),
    ))
    return 0
