"""Personal data at rest: with ``RPLEDGER_ENCRYPTION_KEY`` set, no personal identifier is stored in plain text (the
raw SQLite file and its journals; every text and bytea column on PostgreSQL), while the API still answers in plain
text; ``rpledger verify`` needs no key and still catches a changed ciphertext; and a key that does not fit the store
stops rpledger with a message naming the setting, not a traceback."""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment
from psycopg import sql

from rpledger.bootstrap import Services, build_services
from rpledger.cli import main
from rpledger.infrastructure.persistence import EncryptionKeyError, FieldCipher
from rpledger.infrastructure.settings import Database, Settings, SettingsError
from tests.conftest import TEST_AUTH, Clock
from tests.integration.conftest import PERSON, Api, api_for, record_history
from tests.integration.test_integrity import Administrator

KEY = b64encode(b"rpledger-tests-only-key-32-bytes").decode()
OTHER_KEY = b64encode(b"another-key-for-tests-32-bytes!!").decode()

NAME = "Zebedee Quartermain"
NHS_NUMBER = "4857773456"
PERSON_REF = "ZQ-PERSON-7731"
BORN = "1987-06-05"
STAFF = "Ottoline Brünnhilde-Vasquez"
DOCTOR = "Dr Philippa Oyelaran-Voss"
DESCRIPTION = "Held standing after he threw the Marigold-Fennimore trophy"
WAIVER = "The duty doctor was at a cardiac arrest on Quillfeather ward"
EXEMPTION = "Has his own Tortellini kettle, risk assessed"
# Each identifier, and a distinctive part of the free text, which must not be found in any form.
NEEDLES = (NAME, "Quartermain", NHS_NUMBER, PERSON_REF, BORN, STAFF, "Brünnhilde", DOCTOR, "Marigold-Fennimore",
           "Quillfeather", "Tortellini")

CASE = """
query($id: ID!) {
  case(id: $id) {
    personRef dateOfBirth
    uses { details { description staff { name } } }
    obligations { waiverReason }
    history { summary }
  }
}"""
RESTRICTION = """
query($id: ID!) {
  blanketRestriction(id: $id) { justification { approvedBy } exemptions { personRef reason } }
}"""


@pytest.fixture
def key() -> str | None:
    return KEY


@pytest.fixture
def settings(database: Database, key: str | None) -> Settings:
    return Settings(database=database, authentication=TEST_AUTH, encryption_key=key)


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The environment the command line reads, with no key and no production mode unless a test sets them."""
    for variable in ("RPLEDGER_ENCRYPTION_KEY", "RPLEDGER_MODE", "RPLEDGER_POLICY_FILE", "RPLEDGER_JWT_SECRET",
                     "RPLEDGER_JWT_PUBLIC_KEY_FILE", "RPLEDGER_JWT_JWKS_FILE", "RPLEDGER_DATABASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("RPLEDGER_POSTGRES_SCHEMA", database.schema)
    return monkeypatch


def record_identifiable(api: Api, clock: Clock) -> tuple[str, str]:
    """A case and a blanket restriction carrying every kind of personal data rpledger keeps."""
    clock.set(clock.now.replace(hour=12))
    person = {**PERSON, "name": NAME, "nhsNumber": NHS_NUMBER}
    opened = {"personRef": PERSON_REF, "setting": "MENTAL_HEALTH_INPATIENT", "locationId": "WARD-A",
              "dateOfBirth": BORN, "openedAt": "2025-03-01T08:00:00+00:00", "person": person}
    case_id: str = api.ok("openCase", opened, "case { id }")["case"]["id"]
    api.grant(case_id, grantedBy=DOCTOR)
    api.record_use(case_id, ("PHYS_STANDING", "2025-03-01T10:00:00+00:00", "2025-03-01T10:05:00+00:00"),
                   description=DESCRIPTION, staff=[{"name": STAFF, "jobTitle": "Staff nurse"}])
    owed = api.data("query($id: ID!) { case(id: $id) { obligations { id departable metAt } } }", id=case_id)
    target = next(o["id"] for o in owed["case"]["obligations"] if o["departable"] and o["metAt"] is None)
    api.ok("justifyDeparture", {"caseId": case_id, "targetId": target, "reason": WAIVER}, "departure { id }")
    restriction = {"locationId": "WARD-A", "setting": "MENTAL_HEALTH_INPATIENT", "scope": "all patients of Ward A",
                   "description": "No hot drinks after 21:00", "category": "HOT_DRINKS"}
    restriction_id: str = api.ok("introduceBlanketRestriction", restriction, "blanketRestriction { id }")[
        "blanketRestriction"]["id"]
    api.ok("justifyBlanketRestriction", {"restrictionId": restriction_id, "necessityAndProportionality": "Scalds",
                                         "approvedBy": DOCTOR}, "entryId")
    api.ok("grantBlanketExemption", {"restrictionId": restriction_id, "personRef": PERSON_REF,
                                     "reason": EXEMPTION}, "entryId")
    return case_id, restriction_id


def forms(needle: str) -> set[bytes]:
    """How a text can sit in a file: UTF-8, UTF-16 either way round, or JSON-escaped to ASCII."""
    return {needle.encode("utf8"), needle.encode("utf-16-le"), needle.encode("utf-16-be"),
            json.dumps(needle)[1:-1].encode("ascii")}


def found_in(stored: bytes) -> set[str]:
    return {needle for needle in NEEDLES if any(form in stored for form in forms(needle))}


def stored_bytes(database: Database) -> bytes:
    """Everything the database holds: the SQLite file with its journals, or every text and bytea value of every
    table in the PostgreSQL schema."""
    if database.sqlite_path is not None:
        files = sorted(database.sqlite_path.parent.glob(database.sqlite_path.name + "*"))  # -wal, -shm, -journal
        return b"\n".join(path.read_bytes() for path in files)
    return b"\n".join(_postgres_values(database))


def _postgres_values(database: Database) -> Iterator[bytes]:
    with psycopg.connect(database.url) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s "
            "AND data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')",
            (database.schema,),
        ).fetchall()
        assert columns
        for table, column in columns:
            query = sql.SQL("SELECT {} FROM {}.{}").format(
                sql.Identifier(column), sql.Identifier(database.schema), sql.Identifier(table)
            )
            for (value,) in conn.execute(query):
                if value is not None:
                    yield bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode("utf8")


# ------------------------------------------------------------------------------------------ nothing in plain text


@pytest.mark.parametrize("key", [KEY, None], ids=["encrypted", "plain"])
def test_no_personal_identifier_is_stored_in_plain_text_under_a_key(
    key: str | None, services: Services, database: Database, clock: Clock
) -> None:
    record_identifiable(api_for(services), clock)
    services.close()  # SQLite: every connection closed, so the log is checkpointed into the file
    found = found_in(stored_bytes(database))
    # Without a key every identifier is there to be found, which shows that the search would find them.
    assert found == (set() if key else set(NEEDLES))


def test_the_api_answers_with_the_decrypted_values(services: Services, clock: Clock) -> None:
    api = api_for(services)
    case_id, restriction_id = record_identifiable(api, clock)
    services.projection.rebuild()  # read models written again under the key answer the same
    services.blanket_projection.rebuild()
    case = api.data(CASE, id=case_id)["case"]
    assert (case["personRef"], case["dateOfBirth"]) == (PERSON_REF, BORN)
    assert case["uses"] == [{"details": {"description": DESCRIPTION, "staff": [{"name": STAFF}]}}]
    assert WAIVER in [o["waiverReason"] for o in case["obligations"]]
    assert any(PERSON_REF in entry["summary"] for entry in case["history"])
    restriction = api.data(RESTRICTION, id=restriction_id)["blanketRestriction"]
    assert restriction == {"justification": {"approvedBy": DOCTOR},
                           "exemptions": [{"personRef": PERSON_REF, "reason": EXEMPTION}]}


def test_each_sealed_value_has_its_own_nonce_and_its_tag_is_checked() -> None:
    fields = FieldCipher(AESCipher(Environment(env={"CIPHER_KEY": KEY})))
    first, second = fields.seal(PERSON_REF), fields.seal(PERSON_REF)
    assert first != second
    assert fields.unseal(first) == fields.unseal(second) == PERSON_REF
    changed = bytearray(b64decode(first))
    changed[-1] ^= 1
    with pytest.raises(ValueError, match="Invalid cipher tag"):
        fields.unseal(b64encode(bytes(changed)).decode())


# ------------------------------------------------------------------------------------------ tamper evidence


def test_verify_needs_no_key_and_catches_a_changed_ciphertext(
    services: Services, database: Database, env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = record_history(services, PERSON_REF)
    assert main(["verify", "--digest", "--database", database.url]) == 0
    out = capsys.readouterr().out
    assert "intact" in out
    digest = out.strip().splitlines()[-1]
    admin = Administrator(database, services)
    try:
        admin.drop_guards()
        state = bytearray(admin.state(case_id, 3))
        state[len(state) // 2] ^= 1
        admin.set_state(case_id, 3, bytes(state))
    finally:
        admin.conn.close()
    assert main(["verify", "--expect", digest, "--database", database.url]) == 1
    out = capsys.readouterr().out
    assert f"case {case_id} position 3: stored event does not match its link" in out
    assert "history up to it was changed" in out


# ------------------------------------------------------------------------------------------ keys that do not fit


@pytest.mark.parametrize(
    ("key", "given", "problem"),
    [
        (KEY, None, "RPLEDGER_ENCRYPTION_KEY: the events in this database are encrypted"),
        (KEY, OTHER_KEY, "RPLEDGER_ENCRYPTION_KEY: not the key the events in this database were encrypted under"),
        (None, KEY, "RPLEDGER_ENCRYPTION_KEY is set, but the events in this database were stored unencrypted"),
    ],
    ids=["no key for an encrypted store", "another key", "a key for a plain store"],
)
def test_a_key_that_does_not_fit_the_store_stops_rpledger_naming_the_setting(
    key: str | None, given: str | None, problem: str, services: Services, database: Database,
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    record_history(services, PERSON_REF)
    with pytest.raises(EncryptionKeyError, match=problem):
        build_services(Settings(database=database, encryption_key=given))
    if given:
        env.setenv("RPLEDGER_ENCRYPTION_KEY", given)
    assert main(["projections", "rebuild", "--database", database.url]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rpledger: {problem}")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "problem"),
    [("not base64!", "not a base64 key"), (b64encode(b"too short").decode(), "decodes to 9 bytes")],
)
def test_a_malformed_key_is_refused_at_start_up(value: str, problem: str) -> None:
    with pytest.raises(SettingsError, match=f"RPLEDGER_ENCRYPTION_KEY: {problem}"):
        Settings(database=Database.from_url("sqlite:///never-opened.db"), encryption_key=value)


def test_production_mode_without_a_key_is_refused_by_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    public_key = tmp_path / "tokens.pem"
    public_key.write_text("", encoding="utf8")
    for variable in ("RPLEDGER_ENCRYPTION_KEY", "RPLEDGER_JWT_SECRET", "RPLEDGER_JWT_JWKS_FILE", "RPLEDGER_POLICY_FILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("RPLEDGER_MODE", "production")
    monkeypatch.setenv("RPLEDGER_JWT_PUBLIC_KEY_FILE", str(public_key))
    database = tmp_path / "rpledger.db"
    assert main(["serve", "--database", f"sqlite:///{database}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rpledger: RPLEDGER_ENCRYPTION_KEY: production mode needs")
    assert "Traceback" not in err
    assert not database.exists()


# ------------------------------------------------------------------------------------------ rpledger key


def test_rpledger_key_prints_a_new_256_bit_key_alone_on_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    printed: list[str] = []
    for _ in range(2):
        assert main(["key"]) == 0
        captured = capsys.readouterr()
        printed.append(captured.out)
        assert "outside the database and its backups" in captured.err
    first, second = (out.strip() for out in printed)
    assert first != second and printed[0] == first + "\n"
    assert len(b64decode(first, validate=True)) == 32
    Settings(database=Database.from_url("sqlite:///never-opened.db"), encryption_key=first)
