"""Settings, read from the environment once, into a frozen object. Nothing else in rpledger reads os.environ."""

from __future__ import annotations

import binascii
import os
import tomllib
from base64 import b64decode
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rpledger.domain.codes import Setting
from rpledger.domain.overrides import PolicyOverrideError, apply_overrides
from rpledger.domain.policy import DEFAULT_POLICIES, Policy

DEFAULT_DATABASE_URL = "sqlite:///rpledger.db"
POLICY_FILE_VARIABLE = "RPLEDGER_POLICY_FILE"
DEVELOPMENT, PRODUCTION = "development", "production"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


class PolicyFileError(SettingsError):
    """The policy file cannot be used: missing, not TOML, or refused (``refused`` then lists every problem, each
    named by its TOML key path)."""

    def __init__(self, path: Path, problem: str, refused: PolicyOverrideError | None = None) -> None:
        super().__init__(f"{POLICY_FILE_VARIABLE} {path}: {problem}")
        self.path = path
        self.refused = refused


@dataclass(frozen=True)
class Database:
    """Where events and read models live: one SQLite file, or one PostgreSQL database (and schema)."""

    url: str
    backend: str  # "sqlite" or "postgresql"
    sqlite_path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    name: str = ""
    schema: str = "public"

    @classmethod
    def from_url(cls, url: str, schema: str = "public") -> Database:
        parts = urlsplit(url)
        scheme = parts.scheme.split("+")[0]
        if scheme == "sqlite":
            path = unquote(parts.path.removeprefix("/"))
            if not path or path == ":memory:":
                raise SettingsError("RPLEDGER_DATABASE_URL: a SQLite URL needs a file path, e.g. sqlite:///rpledger.db")
            return cls(url=url, backend="sqlite", sqlite_path=Path(path), schema=schema)
        if scheme in ("postgresql", "postgres"):
            name = parts.path.lstrip("/")
            if not name or not parts.hostname:
                raise SettingsError(
                    "RPLEDGER_DATABASE_URL: a PostgreSQL URL needs a host and a database, "
                    "e.g. postgresql://postgres@127.0.0.1:5432/rpledger"
                )
            return cls(
                url=url,
                backend="postgresql",
                host=parts.hostname,
                port=parts.port or 5432,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                name=name,
                schema=schema,
            )
        raise SettingsError(
            f"RPLEDGER_DATABASE_URL: unsupported scheme {parts.scheme!r}; use sqlite:///FILE or postgresql://..."
        )


@dataclass(frozen=True)
class Authentication:
    """How bearer tokens are checked. Production verifies RS256 or ES256 signatures with a public key (PEM file) or
    a JWKS file; development may use a shared secret (HS256) instead, which production refuses."""

    secret: str | None = None  # RPLEDGER_JWT_SECRET (HS256, development only)
    public_key_file: Path | None = None  # RPLEDGER_JWT_PUBLIC_KEY_FILE (PEM)
    jwks_file: Path | None = None  # RPLEDGER_JWT_JWKS_FILE
    issuer: str | None = None  # RPLEDGER_JWT_ISSUER: when set, the token's iss must be it
    audience: str | None = None  # RPLEDGER_JWT_AUDIENCE: when set, the token's aud must include it


@dataclass(frozen=True)
class Settings:
    database: Database
    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True
    # "development" (the default: GraphiQL, introspection, detailed errors, development tokens) or "production"
    # (signatures by public key only, an encryption key required, errors masked).
    mode: str = DEVELOPMENT
    # RPLEDGER_ENCRYPTION_KEY: the AES key (base64 of 16, 24 or 32 bytes) that event payloads are encrypted under.
    encryption_key: str | None = None
    authentication: Authentication = field(default_factory=Authentication)
    # The provider's policy file (docs/policy-profiles.md), read when the settings are made: ``policies`` are the
    # defaults with its overrides applied, and a file that cannot be used stops start-up with a PolicyFileError.
    policy_file: Path | None = None
    # RPLEDGER_PROJECTION_BATCH_SIZE: how many events of the log a projection applies in one transaction.
    projection_batch_size: int = 500
    policies: Mapping[Setting, Policy] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.mode not in (DEVELOPMENT, PRODUCTION):
            raise SettingsError(f"RPLEDGER_MODE: {self.mode!r} is neither {DEVELOPMENT!r} nor {PRODUCTION!r}")
        if self.encryption_key is not None:
            encryption_key_bytes(self.encryption_key)  # a malformed key stops start-up here, not at the first save
        if self.production:
            if not self.encryption_key:
                raise SettingsError(
                    "RPLEDGER_ENCRYPTION_KEY: production mode needs the key event payloads are encrypted under "
                    "(rpledger key prints a new one)"
                )
            auth = self.authentication
            if auth.secret:
                raise SettingsError(
                    "RPLEDGER_JWT_SECRET: a shared secret is for development only; production verifies tokens with "
                    "RPLEDGER_JWT_PUBLIC_KEY_FILE or RPLEDGER_JWT_JWKS_FILE"
                )
            if not (auth.public_key_file or auth.jwks_file):
                raise SettingsError(
                    "RPLEDGER_JWT_PUBLIC_KEY_FILE or RPLEDGER_JWT_JWKS_FILE: production mode needs the key that "
                    "verifies bearer tokens"
                )
        object.__setattr__(self, "policies", load_policies(self.policy_file))

    @property
    def production(self) -> bool:
        return self.mode == PRODUCTION

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        schema = env.get("RPLEDGER_POSTGRES_SCHEMA", "public")
        database = Database.from_url(env.get("RPLEDGER_DATABASE_URL", DEFAULT_DATABASE_URL), schema)
        return cls(
            database=database,
            host=env.get("RPLEDGER_HOST", "127.0.0.1"),
            port=_port(env.get("RPLEDGER_PORT", "8000")),
            graphiql=env.get("RPLEDGER_GRAPHIQL", "true").lower() not in ("0", "false", "no", "off"),
            policy_file=policy_file_from_env(env),
            mode=env.get("RPLEDGER_MODE", DEVELOPMENT).strip().lower() or DEVELOPMENT,
            encryption_key=env.get("RPLEDGER_ENCRYPTION_KEY", "").strip() or None,
            projection_batch_size=_batch_size(env.get("RPLEDGER_PROJECTION_BATCH_SIZE", "500")),
            authentication=Authentication(
                secret=env.get("RPLEDGER_JWT_SECRET", "").strip() or None,
                public_key_file=_path(env.get("RPLEDGER_JWT_PUBLIC_KEY_FILE", "")),
                jwks_file=_path(env.get("RPLEDGER_JWT_JWKS_FILE", "")),
                issuer=env.get("RPLEDGER_JWT_ISSUER", "").strip() or None,
                audience=env.get("RPLEDGER_JWT_AUDIENCE", "").strip() or None,
            ),
        )

    def with_database_url(self, url: str) -> Settings:
        return replace(self, database=Database.from_url(url, self.database.schema))


def encryption_key_bytes(value: str) -> bytes:
    """The AES key that ``RPLEDGER_ENCRYPTION_KEY`` holds, checked strictly: eventsourcing's own decoding skips
    characters that are not base64, so a key mangled in copying would otherwise give a different key, or none."""
    try:
        key = b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SettingsError("RPLEDGER_ENCRYPTION_KEY: not a base64 key (rpledger key prints a new one)") from None
    if len(key) not in (16, 24, 32):
        raise SettingsError(
            f"RPLEDGER_ENCRYPTION_KEY: decodes to {len(key)} bytes; an AES key is 16, 24 or 32 bytes "
            "(rpledger key prints a 32-byte one)"
        )
    return key


def policy_file_from_env(environ: Mapping[str, str] | None = None) -> Path | None:
    """The path ``RPLEDGER_POLICY_FILE`` names, or None when it is unset or empty (the default profiles)."""
    value = (os.environ if environ is None else environ).get(POLICY_FILE_VARIABLE, "").strip()
    return Path(value) if value else None


def load_policies(path: Path | None) -> dict[Setting, Policy]:
    """The default policy profiles with the overrides of the TOML file at ``path`` applied (the defaults when None).
    Raises ``PolicyFileError`` naming the file, and each problem in it by its TOML key path."""
    if path is None:
        return dict(DEFAULT_POLICIES)
    try:
        document = tomllib.loads(path.read_text(encoding="utf8"))
    except FileNotFoundError:
        raise PolicyFileError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as unreadable:
        raise PolicyFileError(path, f"cannot be read: {unreadable}") from None
    except tomllib.TOMLDecodeError as malformed:
        raise PolicyFileError(path, f"is not valid TOML: {malformed}") from None
    try:
        return apply_overrides(DEFAULT_POLICIES, document)
    except PolicyOverrideError as refused:
        problems = "".join(f"\n  {problem}" for problem in refused.problems)
        raise PolicyFileError(path, f"refused, nothing of it applied:{problems}", refused) from None


def _path(value: str) -> Path | None:
    return Path(value.strip()) if value.strip() else None


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise SettingsError(f"RPLEDGER_PORT: {value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise SettingsError(f"RPLEDGER_PORT: {port} is outside 1-65535")
    return port


def _batch_size(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        raise SettingsError(f"RPLEDGER_PROJECTION_BATCH_SIZE: {value!r} is not a whole number") from None
    if size < 1:
        raise SettingsError(f"RPLEDGER_PROJECTION_BATCH_SIZE: {size} is less than 1")
    return size
