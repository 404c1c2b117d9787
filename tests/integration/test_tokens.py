"""Bearer tokens as the server checks them: RS256 and ES256 by public key or key set, HS256 only in development, the
claims a principal is made of, and ``rpledger token``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from rpledger.application.access import Role
from rpledger.cli import main
from rpledger.infrastructure.settings import Authentication, Database, Settings, SettingsError
from rpledger.infrastructure.tokens import (
    TokenError,
    TokenVerifier,
    development_secret,
    mint_development_token,
    verifier_for,
)

NOW = datetime.now(UTC)
CLAIMS: dict[str, Any] = {
    "sub": "u-17", "name": "Sam Carter", "roles": ["CLINICIAN", "SOMETHING_ELSE"], "provider": "trust-1",
    "locations": ["ward-1", "ward-2"], "exp": int((NOW + timedelta(hours=1)).timestamp()),
}


def pem(public_key: Any, tmp_path: Path) -> Path:
    path = tmp_path / "public.pem"
    path.write_bytes(public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ))
    return path


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_rs256_by_public_key_gives_the_principal_of_the_claims(rsa_key: rsa.RSAPrivateKey, tmp_path: Path) -> None:
    verifier = TokenVerifier(Authentication(public_key_file=pem(rsa_key.public_key(), tmp_path)))
    principal = verifier.principal(jwt.encode(CLAIMS, rsa_key, algorithm="RS256"))
    assert (principal.subject, principal.name, principal.provider) == ("u-17", "Sam Carter", "trust-1")
    assert principal.roles == {Role.CLINICIAN}  # a role of another system is ignored
    assert principal.locations == {"ward-1", "ward-2"}
    assert (principal.actor.id, principal.actor.name, principal.actor.role) == ("u-17", "Sam Carter", "CLINICIAN")


def test_a_token_cannot_choose_a_weaker_algorithm(rsa_key: rsa.RSAPrivateKey, tmp_path: Path) -> None:
    public = pem(rsa_key.public_key(), tmp_path)
    verifier = TokenVerifier(Authentication(public_key_file=public))
    unsigned = jwt.encode(CLAIMS, key=None, algorithm="none")  # type: ignore[arg-type]
    # HS256 "signed" with the public key's own text: the classic confusion of a public key for a shared secret.
    header = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()).rstrip(b"=")
    payload = base64.urlsafe_b64encode(json.dumps(CLAIMS).encode()).rstrip(b"=")
    signature = hmac.new(public.read_bytes(), header + b"." + payload, hashlib.sha256).digest()
    confused = b".".join([header, payload, base64.urlsafe_b64encode(signature).rstrip(b"=")]).decode()
    for token in (unsigned, confused):
        with pytest.raises(TokenError, match="not valid"):
            verifier.principal(token)


def test_other_keys_expiry_and_missing_claims_are_refused(rsa_key: rsa.RSAPrivateKey, tmp_path: Path) -> None:
    verifier = TokenVerifier(Authentication(public_key_file=pem(rsa_key.public_key(), tmp_path)))
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(TokenError, match="not valid"):
        verifier.principal(jwt.encode(CLAIMS, stranger, algorithm="RS256"))
    expired = {**CLAIMS, "exp": int((NOW - timedelta(minutes=5)).timestamp())}
    with pytest.raises(TokenError, match="expired"):
        verifier.principal(jwt.encode(expired, rsa_key, algorithm="RS256"))
    for missing, problem in (("exp", "not valid"), ("sub", "not valid"), ("provider", "provider claim")):
        claims = {k: v for k, v in CLAIMS.items() if k != missing}
        with pytest.raises(TokenError, match=problem):
            verifier.principal(jwt.encode(claims, rsa_key, algorithm="RS256"))
    with pytest.raises(TokenError, match="locations claim"):
        verifier.principal(jwt.encode({**CLAIMS, "locations": "ward-1"}, rsa_key, algorithm="RS256"))


def test_issuer_and_audience_when_configured(rsa_key: rsa.RSAPrivateKey, tmp_path: Path) -> None:
    auth = Authentication(public_key_file=pem(rsa_key.public_key(), tmp_path), issuer="https://idp", audience="rpl")
    verifier = TokenVerifier(auth)
    good = {**CLAIMS, "iss": "https://idp", "aud": ["rpl", "other"]}
    assert verifier.principal(jwt.encode(good, rsa_key, algorithm="RS256")).subject == "u-17"
    for wrong in ({**good, "iss": "https://elsewhere"}, {**good, "aud": "other"}, CLAIMS):
        with pytest.raises(TokenError):
            verifier.principal(jwt.encode(wrong, rsa_key, algorithm="RS256"))


def test_es256_from_a_key_set_picked_by_kid(tmp_path: Path) -> None:
    keys = {kid: ec.generate_private_key(ec.SECP256R1()) for kid in ("k1", "k2")}
    jwks = {"keys": [
        {**json.loads(jwt.algorithms.ECAlgorithm.to_jwk(k.public_key())), "kid": kid, "alg": "ES256"}
        for kid, k in keys.items()
    ]}
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks))
    verifier = TokenVerifier(Authentication(jwks_file=path))
    token = jwt.encode(CLAIMS, keys["k2"], algorithm="ES256", headers={"kid": "k2"})
    assert verifier.principal(token).provider == "trust-1"
    wrong_kid = jwt.encode(CLAIMS, keys["k2"], algorithm="ES256", headers={"kid": "k1"})
    unknown_kid = jwt.encode(CLAIMS, keys["k2"], algorithm="ES256", headers={"kid": "k9"})
    for token in (wrong_kid, unknown_kid):
        with pytest.raises(TokenError):
            verifier.principal(token)


def test_unusable_key_files_stop_start_up(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    with pytest.raises(SettingsError, match="RPLEDGER_JWT_PUBLIC_KEY_FILE .*PEM"):
        TokenVerifier(Authentication(public_key_file=bad))
    with pytest.raises(SettingsError, match="RPLEDGER_JWT_PUBLIC_KEY_FILE .*cannot be read"):
        TokenVerifier(Authentication(public_key_file=tmp_path / "missing.pem"))
    with pytest.raises(SettingsError, match="RPLEDGER_JWT_JWKS_FILE"):
        TokenVerifier(Authentication(jwks_file=bad))


def test_production_refuses_a_shared_secret_and_needs_a_key(tmp_path: Path) -> None:
    database = Database.from_url(f"sqlite:///{tmp_path}/p.db")
    key = base64.b64encode(b"k" * 32).decode()
    with pytest.raises(SettingsError, match="RPLEDGER_JWT_SECRET: a shared secret is for development only"):
        Settings(database=database, mode="production", encryption_key=key, authentication=Authentication(secret="s"))
    with pytest.raises(SettingsError, match="RPLEDGER_JWT_PUBLIC_KEY_FILE or RPLEDGER_JWT_JWKS_FILE"):
        Settings(database=database, mode="production", encryption_key=key)
    with pytest.raises(SettingsError, match="RPLEDGER_MODE"):
        Settings(database=database, mode="staging")


def test_development_makes_its_secret_once_readable_by_its_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(database=Database.from_url(f"sqlite:///{tmp_path}/d.db"))
    first = development_secret(settings)
    assert development_secret(settings) == first and len(first) >= 32
    mode = stat.S_IMODE((tmp_path / ".rpledger-dev-secret").stat().st_mode)
    assert mode == 0o600
    token = mint_development_token(first, subject="d-1", name="Dev", roles=[Role.AUDITOR], provider="demo",
                                   locations=[], now=NOW)
    assert verifier_for(settings).principal(token).subject == "d-1"


def test_rpledger_token_mints_what_the_server_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RPLEDGER_DATABASE_URL", f"sqlite:///{tmp_path}/t.db")
    monkeypatch.delenv("RPLEDGER_JWT_SECRET", raising=False)
    monkeypatch.delenv("RPLEDGER_MODE", raising=False)
    assert main(["token", "--role", "MANAGER", "--role", "CARE_STAFF", "--provider", "demo",
                 "--location", "ward-oak", "--subject", "m-1", "--name", "Mo Ward"]) == 0
    token = capsys.readouterr().out.strip()
    principal = verifier_for(Settings.from_env()).principal(token)
    assert (principal.subject, principal.name, principal.provider) == ("m-1", "Mo Ward", "demo")
    assert principal.roles == {Role.MANAGER, Role.CARE_STAFF} and principal.locations == {"ward-oak"}

    assert main(["token", "--role", "CARE_STAFF", "--provider", "demo"]) == 2
    assert "--location" in capsys.readouterr().err


def test_rpledger_token_refuses_in_production(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], rsa_key: rsa.RSAPrivateKey
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RPLEDGER_DATABASE_URL", f"sqlite:///{tmp_path}/t.db")
    monkeypatch.setenv("RPLEDGER_MODE", "production")
    monkeypatch.setenv("RPLEDGER_ENCRYPTION_KEY", base64.b64encode(b"k" * 32).decode())
    monkeypatch.setenv("RPLEDGER_JWT_PUBLIC_KEY_FILE", str(pem(rsa_key.public_key(), tmp_path)))
    assert main(["token", "--role", "AUDITOR", "--provider", "demo"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "production" in captured.err
    assert not (tmp_path / ".rpledger-dev-secret").exists()
