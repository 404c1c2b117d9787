"""``rpledger key``: a new random AES-256 key for ``RPLEDGER_ENCRYPTION_KEY``.

    rpledger key

It prints the key (base64 of 32 random bytes) alone on standard output, so that ``KEY=$(rpledger key)`` captures it,
and a one-line reminder of how to keep it on standard error. It reads no settings and touches no database.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from base64 import b64encode
from typing import Any

KEY_BYTES = 32  # AES-256
REMINDER = (
    "rpledger: keep this key outside the database and its backups (a secrets manager), one key per store: "
    "without it the encrypted data cannot be read by anyone, you included"
)


def add_commands(commands: Any) -> None:
    key = commands.add_parser("key", help="print a new random encryption key for RPLEDGER_ENCRYPTION_KEY")
    key.set_defaults(run=_key)


def _key(_: argparse.Namespace) -> int:
    print(b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii"))
    print(REMINDER, file=sys.stderr)
    return 0
