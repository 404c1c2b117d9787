"""Bearer tokens (JWT): verifying them into a ``Principal``, and minting development ones.

Production verifies RS256 or ES256 signatures with the identity provider's public key (a PEM file) or key set (a
JWKS file); development may use a shared secret (HS256). Which algorithms are accepted follows from the key, never
from the token's own header, so a token cannot choose a weaker check (the classic "alg: none" or HS256-with-the-
public-key confusions).

Claims: ``sub`` (who), ``name``, ``roles`` (a list; unknown roles are ignored), ``provider`` and ``locations`` (a
list of location ids). ``exp`` is required.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from rpledger.application.access import Principal, Role, Unauthenticated, roles_of
from rpledger.infrastructure.settings import Authentication, Settings, SettingsError

ASYMMETRIC = ["RS256", "ES256"]
# Where development keeps its generated shared secret when RPLEDGER_JWT_SECRET is unset: the working directory, so
# that ``rpledger serve`` and ``rpledger token`` run from the same place agree without any setup.
DEVELOPMENT_SECRET_FILE = Path(".rpledger-dev-secret")
# How far clocks may disagree when checking exp, nbf and iat.
LEEWAY = timedelta(seconds=30)
LIST_LIMIT = 200  # at most this many roles or locations in one token
TEXT_LIMIT = 200  # at most this many characters in a claim's text


class TokenError(Unauthenticated):
    """The token cannot be accepted."""


class TokenVerifier:
    def __init__(self, authentication: Authentication, *, development_secret: str | None = None) -> None:
        self._issuer, self._audience = authentication.issuer, authentication.audience
        self._jwks: jwt.PyJWKSet | None = None
        self._key: Any = None
        self._algorithms: list[str]
        if authentication.jwks_file is not None:
            self._jwks = _key_set(authentication.jwks_file)
            self._algorithms = ASYMMETRIC
        elif authentication.public_key_file is not None:
            self._key = _public_key(authentication.public_key_file)
            self._algorithms = ASYMMETRIC
        else:
            secret = authentication.secret or development_secret
            if not secret:
                raise SettingsError("RPLEDGER_JWT_SECRET: no key to verify bearer tokens with")
            self._key, self._algorithms = secret, ["HS256"]

    def principal(self, token: str) -> Principal:
        try:
            key = self._key if self._jwks is None else self._key_of(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=self._algorithms,
                issuer=self._issuer,
                audience=self._audience,
                leeway=LEEWAY,
                options={"require": ["exp", "sub"], "verify_aud": self._audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("the token has expired") from None
        except jwt.PyJWTError as refused:
            raise TokenError(f"the token is not valid: {type(refused).__name__}") from None
        return principal_of(claims)

    def _key_of(self, token: str) -> Any:
        assert self._jwks is not None
        kid = jwt.get_unverified_header(token).get("kid")
        candidates = [k for k in self._jwks.keys if kid is None or k.key_id == kid]
        if len(candidates) != 1:
            raise TokenError("the token names no key of the configured key set")
        return candidates[0]


def principal_of(claims: dict[str, Any]) -> Principal:
    subject, provider = claims.get("sub"), claims.get("provider")
    if not isinstance(subject, str) or not subject.strip() or len(subject) > TEXT_LIMIT:
        raise TokenError("the token's sub claim must name who it is for")
    if not isinstance(provider, str) or not provider.strip() or len(provider) > TEXT_LIMIT:
        raise TokenError("the token's provider claim must name the provider")
    name = claims.get("name", "")
    if not isinstance(name, str) or len(name) > TEXT_LIMIT:
        raise TokenError("the token's name claim must be text")
    return Principal(
        subject=subject.strip(),
        name=name.strip(),
        roles=roles_of(_strings(claims, "roles")),
        provider=provider.strip(),
        locations=frozenset(_strings(claims, "locations")),
    )


def _strings(claims: dict[str, Any], name: str) -> list[str]:
    value = claims.get(name, [])
    if not isinstance(value, list) or len(value) > LIST_LIMIT:
        raise TokenError(f"the token's {name} claim must be a list")
    if not all(isinstance(v, str) and 0 < len(v) <= TEXT_LIMIT for v in value):
        raise TokenError(f"the token's {name} claim must list text")
    return [v.strip() for v in value]


def mint_development_token(
    secret: str,
    *,
    subject: str,
    name: str,
    roles: Iterable[Role],
    provider: str,
    locations: Iterable[str],
    now: datetime,
    lifetime: timedelta = timedelta(hours=12),
) -> str:
    """An HS256 token for development and tests. Production tokens come from the provider's identity service."""
    claims = {
        "sub": subject,
        "name": name,
        "roles": sorted(r.value for r in roles),
        "provider": provider,
        "locations": sorted(set(locations)),
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def development_secret(settings: Settings, path: Path = DEVELOPMENT_SECRET_FILE) -> str:
    """The shared secret development tokens are signed with: RPLEDGER_JWT_SECRET, else one generated once and kept
    in ``path`` (readable by its owner only). Production never has one."""
    if settings.production:
        raise SettingsError("RPLEDGER_MODE=production: development tokens are refused")
    if settings.authentication.secret:
        return settings.authentication.secret
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    secret = secrets.token_urlsafe(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secret)
    return secret


def verifier_for(settings: Settings) -> TokenVerifier:
    auth = settings.authentication
    if settings.production or auth.secret or auth.public_key_file or auth.jwks_file:
        return TokenVerifier(auth)
    return TokenVerifier(auth, development_secret=development_secret(settings))


def _read(path: Path, variable: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as unreadable:
        raise SettingsError(f"{variable} {path}: cannot be read: {unreadable.strerror or unreadable}") from None


def _public_key(path: Path) -> Any:
    """The PEM public key, loaded now so that a wrong file stops start-up rather than every request."""
    try:
        key = load_pem_public_key(_read(path, "RPLEDGER_JWT_PUBLIC_KEY_FILE"))
    except ValueError as malformed:
        raise SettingsError(f"RPLEDGER_JWT_PUBLIC_KEY_FILE {path}: is not a PEM public key: {malformed}") from None
    if not isinstance(key, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
        raise SettingsError(f"RPLEDGER_JWT_PUBLIC_KEY_FILE {path}: an RSA or EC public key is needed (RS256, ES256)")
    return key


def _key_set(path: Path) -> jwt.PyJWKSet:
    try:
        keys = jwt.PyJWKSet.from_json(_read(path, "RPLEDGER_JWT_JWKS_FILE").decode("utf8"))
    except (ValueError, UnicodeDecodeError, jwt.PyJWTError) as malformed:
        raise SettingsError(f"RPLEDGER_JWT_JWKS_FILE {path}: is not a usable key set: {malformed}") from None
    unusable = [k.key_id for k in keys.keys if k.algorithm_name not in ASYMMETRIC]
    if unusable:
        raise SettingsError(f"RPLEDGER_JWT_JWKS_FILE {path}: only RS256 and ES256 keys are accepted (not {unusable})")
    return keys


def utc_now() -> datetime:
    return datetime.now(UTC)
