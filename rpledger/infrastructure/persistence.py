"""Persistence wiring: the eventsourcing environment for the event store, and the SQLAlchemy engine for read
models, both from one ``Database`` setting; and the encryption at rest of the personal data in both.

Encryption, when ``RPLEDGER_ENCRYPTION_KEY`` is set (design):

- **Events.** eventsourcing's AES-GCM cipher encrypts each event's state in the mapper, before the recorder sees it.
  So the hash chain (``hash_chain``) links the *ciphertext*, the bytes actually stored, and that is deliberate:
  ``rpledger verify`` and the auditor's digest need no key (an auditor proves the log unchanged without being able
  to read it), any change to the stored bytes still breaks the chain, and digests kept by an auditor stay checkable
  without the key. A chain over the plaintext would undo the encryption: it has no secret, so whoever holds the
  database could test guesses of an event's content (an NHS number, a name) against its stored link.
- **No compression.** Events are small JSON documents that zlib barely shrinks; compressing before encrypting lets
  the length of the ciphertext reveal something of the content; and the mapper would try to decompress the events
  of existing stores, which were stored uncompressed.
- **One key per store, checked at start-up.** The first stored event shows whether the store is encrypted. Whatever
  decodes events (an Application built from ``event_store_env``) refuses to start, with an ``EncryptionKeyError``
  naming the setting, when the key does not fit: an encrypted store without the key or with another key, or a plain
  store with a key (its events would stay readable while the setting says they are protected; encrypting an existing
  store is not built). ``rpledger verify`` opens only the recorder, reads bytes, and needs no key.
- **Read models.** The personal data the read models keep (person refs, dates of birth, use records with staff
  names, free text) are sealed value by value with AES-GCM under the same key (``FieldCipher``: a random nonce per
  value). No read model filters or orders by those columns in SQL. The key reaches them without new wiring: the
  event store's transcoder carries the field cipher (``SealingTranscoder``), ``SqlComplianceView`` is built on that
  transcoder and attaches the cipher to its engine, and the blanket register shares that engine.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from typing import Any, overload

from eventsourcing.persistence import ApplicationRecorder, Cipher, JSONTranscoder, Mapper, Transcoder
from sqlalchemy import URL, Engine, create_engine, event

from rpledger.infrastructure.chained_postgres import ChainedPostgresFactory
from rpledger.infrastructure.chained_sqlite import ChainedSQLiteFactory
from rpledger.infrastructure.settings import Database, SettingsError

AES_GCM_CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"
_ENGINE_OPTION = "rpledger_field_cipher"


class EncryptionKeyError(SettingsError):
    """The encryption key does not fit the event store (missing, another key, or a store kept in plain text)."""


def event_store_env(database: Database, encryption_key: str | None = None) -> dict[str, str]:
    """The eventsourcing settings for the native SQLite or PostgreSQL recorder (explicit: nothing from os.environ),
    through rpledger's factories that chain every stored event by hashes (see ``integrity``) and check the key.

    The cipher settings are always given, empty when there is no key: eventsourcing also reads ``os.environ``, and
    a stray ``CIPHER_KEY`` there must not switch encryption on behind rpledger's settings."""
    cipher = {
        "CIPHER_TOPIC": AES_GCM_CIPHER_TOPIC if encryption_key else "",
        "CIPHER_KEY": encryption_key or "",
        "COMPRESSOR_TOPIC": "",
    }
    if database.backend == "sqlite":
        assert database.sqlite_path is not None
        return {
            "PERSISTENCE_MODULE": "rpledger.infrastructure.persistence:KeyCheckedSQLiteFactory",
            "SQLITE_DBNAME": str(database.sqlite_path),
            "SQLITE_LOCK_TIMEOUT": "30",
            **cipher,
        }
    return {
        "PERSISTENCE_MODULE": "rpledger.infrastructure.persistence:KeyCheckedPostgresFactory",
        "POSTGRES_DBNAME": database.name,
        "POSTGRES_HOST": database.host,
        "POSTGRES_PORT": str(database.port),
        "POSTGRES_USER": database.user,
        "POSTGRES_PASSWORD": database.password,
        "POSTGRES_SCHEMA": database.schema,
        # eventsourcing's name for the time a request waits for a pooled connection; KeyCheckedPostgresFactory sets
        # it, with the pool's other limits, to POOL_WAIT_SECONDS (this setting only takes whole seconds).
        "POSTGRES_CONNECT_TIMEOUT": "1",
        # Each connection is checked as it leaves the pool, so that one broken while idle (the server restarted) is
        # replaced instead of failing the request that draws it.
        "POSTGRES_PRE_PING": "yes",
        **cipher,
    }


# ------------------------------------------------------------------------------------------ the event store


class _KeyChecked:
    """Before a mapper (the only thing that decodes events) is handed out, prove the key fits the store."""

    def transcoder(self) -> Transcoder:
        return SealingTranscoder(FieldCipher(self.cipher()))  # type: ignore[attr-defined]  # a factory's

    def mapper(self, transcoder: Transcoder | None = None, mapper_class: Any = None) -> Mapper[Any]:
        mapper: Mapper[Any] = super().mapper(transcoder, mapper_class)  # type: ignore[misc]
        try:
            check_key(self.application_recorder(), mapper.cipher)  # type: ignore[attr-defined]
        except EncryptionKeyError:
            self.close()  # type: ignore[attr-defined]  # the application is not built: release its connections
            raise
        return mapper


class KeyCheckedSQLiteFactory(_KeyChecked, ChainedSQLiteFactory):
    pass


class KeyCheckedPostgresFactory(_KeyChecked, ChainedPostgresFactory):
    def __init__(self, env: Any) -> None:
        super().__init__(env)
        open_pool(self.datastore.pool)


# When PostgreSQL is unreachable, a request must fail within seconds (the API answers 503) and succeed again soon
# after it is back, without a restart. eventsourcing retries every recorder call up to 10 times, 0.2 s apart, and
# each try waits for a pooled connection; its pool keeps replacing lost connections in the background, backing off
# 1, 2, 4, ... s for 5 minutes. Left at its defaults (a 10 s wait) a request hung for 100 s during an outage, and
# requests went on failing for as long again after PostgreSQL was back (tests/integration/test_postgres_outage.py).
#
# Seconds a recorder call waits for a pooled connection. With the retries a call gives up after about
# 10 x 0.5 + 9 x 0.2 = 7 s when the database is unreachable. Short matters: resolvers run on the server's event loop,
# so while one request waits, every other request to the process waits behind it. Not shorter: several threads of one
# process (projection catch-up, a writer retrying a lost race) may find every connection busy for a moment.
POOL_WAIT_SECONDS = 0.5
# Seconds libpq may take to open a connection (its connect_timeout, in whole seconds): a host that does not answer
# at all must not tie up the pool's workers for the minutes a TCP connect can take.
CONNECT_TIMEOUT_SECONDS = 5
# Seconds the pool keeps retrying a lost connection before it gives up on it; the next request that needs one then
# starts a fresh attempt at once. So requests succeed again at most about this long after PostgreSQL is back,
# rather than after the pool's next, ever later, scheduled attempt.
RECONNECT_SECONDS = 3.0
# Seconds to wait at start-up for the pool's first connections. eventsourcing's calls that read the database's types
# and make the tables are not retried: they must find a connection ready, not wait POOL_WAIT_SECONDS for one.
OPEN_SECONDS = 10.0


def open_pool(pool: Any) -> None:
    """Holds eventsourcing's connection pool (a ``psycopg_pool.ConnectionPool``, not yet opened) to the limits
    above (eventsourcing's settings reach only some of them, and its wait only in whole seconds), and opens it with
    its connections made. Raises ``psycopg_pool.PoolTimeout`` when they cannot be made within ``OPEN_SECONDS``."""
    pool.timeout = POOL_WAIT_SECONDS
    pool.reconnect_timeout = RECONNECT_SECONDS
    pool.kwargs["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    pool.open(wait=True, timeout=OPEN_SECONDS)


def check_key(recorder: ApplicationRecorder, cipher: Cipher | None) -> None:
    """Raise ``EncryptionKeyError`` unless ``cipher`` (None: no key) reads the store's first event. An empty store
    takes whatever it is first given."""
    first = recorder.select_notifications(start=None, limit=1)
    if not first:
        return
    state = first[0].state
    if cipher is None:
        if not _plain(state):
            raise EncryptionKeyError(
                "RPLEDGER_ENCRYPTION_KEY: the events in this database are encrypted; set the key they were "
                "encrypted under"
            )
        return
    try:
        cipher.decrypt(state)
    except ValueError:
        if _plain(state):
            raise EncryptionKeyError(
                "RPLEDGER_ENCRYPTION_KEY is set, but the events in this database were stored unencrypted; rpledger "
                "does not mix the two in one store, and cannot encrypt an existing one yet: unset the key for it"
            ) from None
        raise EncryptionKeyError(
            "RPLEDGER_ENCRYPTION_KEY: not the key the events in this database were encrypted under (if it is, "
            "the first stored event was altered: rpledger verify shows where)"
        ) from None


def _plain(state: bytes) -> bool:
    """Whether a stored state is the transcoder's JSON object itself (random AES-GCM output never parses as one)."""
    try:
        return isinstance(json.loads(state), dict)
    except ValueError:  # not JSON, or not text at all
        return False


# ------------------------------------------------------------------------------------------ the read models


class FieldCipher:
    """Seals one read-model value at a time with AES-GCM (the event store's cipher: same key, a random 96-bit nonce
    per value, the tag checked on reading), as base64 text for a text column. Without a cipher, values pass
    unchanged: that is the store's plain mode, not a fallback."""

    def __init__(self, cipher: Cipher | None) -> None:
        self._cipher = cipher

    @property
    def encrypting(self) -> bool:
        return self._cipher is not None

    @overload
    def seal(self, value: str) -> str: ...
    @overload
    def seal(self, value: None) -> None: ...
    def seal(self, value: str | None) -> str | None:
        if value is None or self._cipher is None:
            return value
        return b64encode(self._cipher.encrypt(value.encode("utf8"))).decode("ascii")

    @overload
    def unseal(self, value: str) -> str: ...
    @overload
    def unseal(self, value: None) -> None: ...
    def unseal(self, value: str | None) -> str | None:
        if value is None or self._cipher is None:
            return value
        return self._cipher.decrypt(b64decode(value)).decode("utf8")


PLAINTEXT = FieldCipher(None)


class SealingTranscoder(JSONTranscoder):
    """The event store's JSON transcoder, also carrying the ``FieldCipher`` of the store's key, so that the read
    models built on it seal their personal columns under the key the events are encrypted with."""

    def __init__(self, fields: FieldCipher) -> None:
        super().__init__()
        self.fields = fields


def field_cipher_of(carrier: Transcoder | Engine) -> FieldCipher:
    """The field cipher a transcoder (``SealingTranscoder``) or an engine (``with_field_cipher``) carries, else
    ``PLAINTEXT``."""
    if isinstance(carrier, Engine):
        found = carrier.get_execution_options().get(_ENGINE_OPTION)
        return found if isinstance(found, FieldCipher) else PLAINTEXT
    return carrier.fields if isinstance(carrier, SealingTranscoder) else PLAINTEXT


def with_field_cipher(engine: Engine, fields: FieldCipher) -> Engine:
    """``engine`` (sharing its pool) carrying ``fields``, for the other read models that share it."""
    return engine.execution_options(**{_ENGINE_OPTION: fields}) if fields.encrypting else engine


# The read models hold nothing that is not derived from the event log, and each batch commits its rows with the log
# position they reach. So their commits need not wait for the disk: a crash can lose the last few of them, never
# corrupt them, and a lost batch's position is lost with it, so the next catch-up applies that batch again. The
# event store keeps full durability (its own connections, default settings): a write is acknowledged only once its
# events are on disk. On SQLite (WAL) that is synchronous=NORMAL; on PostgreSQL, synchronous_commit=off.
_READ_MODEL_SQLITE_SYNC = "NORMAL"


def read_model_engine(database: Database) -> Engine:
    if database.backend == "sqlite":
        assert database.sqlite_path is not None
        engine = create_engine(f"sqlite:///{database.sqlite_path}", connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _wal(dbapi_connection: Any, _: Any) -> None:
            # The event store switches the file to WAL; readers then never wait for the projection's writes.
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA busy_timeout=30000")
            dbapi_connection.execute(f"PRAGMA synchronous={_READ_MODEL_SQLITE_SYNC}")

        return engine
    url = URL.create(
        "postgresql+psycopg",
        username=database.user or None,
        password=database.password or None,
        host=database.host,
        port=database.port,
        database=database.name,
    )
    return create_engine(
        url,
        # connect_timeout: an unreachable host fails the request in seconds (the API answers 503), not minutes.
        connect_args={"options": f"-csearch_path={database.schema} -csynchronous_commit=off",
                      "connect_timeout": CONNECT_TIMEOUT_SECONDS},
        # A connection broken while idle (PostgreSQL restarted) is replaced when drawn, so the read models work
        # again as soon as the database is back.
        pool_pre_ping=True,
        # SQLAlchemy puts a failed statement's parameters in its error message, which is logged; they may be
        # personal data (read-model rows are written with them).
        hide_parameters=True,
    )
