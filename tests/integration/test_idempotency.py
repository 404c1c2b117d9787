"""Retries and races: a request sent again with its idempotency key records nothing more, and requests writing to one
case at the same moment all succeed, each recorded exactly once.

Every mutation of the schema is sent twice with one key (the operations and their inputs are the permission
matrix's, so a new mutation is covered here too); the repeat must write nothing and answer as the first did.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from rpledger.application.access import Role
from rpledger.application.retries import ATTEMPTS
from rpledger.bootstrap import Services, build_services
from rpledger.domain.codes import AuthorisationBasis, PracticeCode, Setting
from rpledger.domain.errors import StreamBusyError
from rpledger.domain.values import Segment, Use, UseDetails
from tests.conftest import Clock, token_for
from tests.integration import test_access_matrix
from tests.integration.access_cases import NOW, OWN, PROVIDER_A, RESTRAINT, World
from tests.integration.conftest import ERRORS, NURSE, WELL_RECORDED, Api, api_for
from tests.integration.test_access_matrix import MATRIX, Operation

WRITES = sorted(name for name, op in MATRIX.items() if op.write)
# The permission matrix's fixture: the three targets seeded once per backend, for this module too.
world = test_access_matrix.world


def keyed(op: Operation, variables: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The operation's mutation with an ``idempotencyKey`` argument, and its variables with a fresh key."""
    input_type = op.name[0].upper() + op.name[1:] + "Input"
    text = (
        f"mutation($input: {input_type}!, $key: String) "
        f"{{ {op.name}(input: $input, idempotencyKey: $key) {{ {op.selection} {ERRORS} }} }}"
    )
    return text, {**variables, "key": f"retry-{uuid4()}"}


def seeded(world: World, op: Operation) -> dict[str, Any]:
    """The operation's variables against a record of its own (a write may consume its record: an ended use)."""
    needs = (*op.needs, "case") if op.subject == "case" else op.needs
    return op.build(world.seed(OWN, needs))[1]


def payload(api: Api, text: str, variables: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = api.data(text, **variables)[name]
    return found


@pytest.mark.parametrize("name", WRITES)
def test_a_mutation_sent_again_with_its_key_records_nothing_more_and_answers_alike(world: World, name: str) -> None:
    op = MATRIX[name]
    api = world.api(min(op.roles, key=lambda r: r.value))
    variables = seeded(world, op)
    text, variables = keyed(op, variables)

    before = world.position()
    first = payload(api, text, variables, name)
    assert first["errors"] == [], first["errors"]
    after_first = world.position()
    assert after_first > before
    again = payload(api, text, variables, name)
    assert world.position() == after_first, "the repeat wrote to the log"
    assert again == first


OTHER_INPUT: dict[str, dict[str, Any]] = {
    "recordUse": {"segments": [{"practice": "PHYS_SEATED", "startedAt": RESTRAINT[1], "endedAt": RESTRAINT[2]}]},
    "openCase": {"personRef": "P-another-person"},
    "introduceBlanketRestriction": {"description": "No visitors after 20:00"},
    "correctEntry": {"reason": "From the ward's own papers"},
}


@pytest.mark.parametrize("name", sorted(OTHER_INPUT))
def test_a_key_used_again_for_other_input_is_refused_and_nothing_is_written(world: World, name: str) -> None:
    op = MATRIX[name]
    api = world.api(min(op.roles, key=lambda r: r.value))
    text, variables = keyed(op, seeded(world, op))
    assert payload(api, text, variables, name)["errors"] == []
    position = world.position()

    other = {**variables, "input": {**variables["input"], **OTHER_INPUT[name]}}
    refused = payload(api, text, other, name)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("idempotencyKey", "IDEMPOTENCY_KEY_REUSED")]
    assert "nothing was recorded" in refused["errors"][0]["message"]
    assert world.position() == position


def test_a_key_used_again_for_another_mutation_is_refused(world: World) -> None:
    seed = world.seed(OWN, ("restraint",))
    api = world.api(Role.CARE_STAFF)
    key = f"retry-{uuid4()}"
    use = record_use_query(api, seed["case"], key)
    assert use["errors"] == []
    position = world.position()
    text, variables = keyed(MATRIX["recordObservation"], MATRIX["recordObservation"].build(seed)[1])
    refused = payload(api, text, {**variables, "key": key}, "recordObservation")
    assert [e["code"] for e in refused["errors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    assert world.position() == position


@pytest.mark.parametrize(
    ("key", "problem"),
    [("   ", "is blank"), ("k" * 201, "longer than 200 characters"), ("a\nb", "control character")],
)
def test_a_bad_key_is_refused_naming_the_argument(world: World, key: str, problem: str) -> None:
    seed = world.seed(OWN, ("case",))
    position = world.position()
    refused = record_use_query(world.api(Role.CARE_STAFF), seed["case"], key)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("idempotencyKey", "INVALID")]
    assert problem in refused["errors"][0]["message"]
    assert world.position() == position


def test_a_request_refused_for_its_input_leaves_its_key_free(world: World) -> None:
    """Nothing was recorded, so there is nothing to answer with: the corrected request with the same key is run."""
    seed = world.seed(OWN, ("case",))
    api, key = world.api(Role.CARE_STAFF), f"retry-{uuid4()}"
    refused = record_use_query(api, seed["case"], key, endedAt="2025-03-03T09:00:00+00:00")
    assert [e["code"] for e in refused["errors"]] == ["END_BEFORE_START"]
    recorded = record_use_query(api, seed["case"], key)
    assert recorded["errors"] == [] and recorded["use"]["id"]


def test_keys_belong_to_whoever_sent_them(world: World) -> None:
    """Two people who happen to choose the same key each have their use recorded."""
    seed = world.seed(OWN, ("case",))
    key = "shift-handover-1"
    first = record_use_query(world.api(Role.CARE_STAFF), seed["case"], key)
    second = record_use_query(world.api(Role.CLINICIAN), seed["case"], key)
    assert first["errors"] == second["errors"] == []
    assert first["use"]["id"] != second["use"]["id"]


def record_use_query(api: Api, case_id: str, key: str, **segment: str) -> dict[str, Any]:
    given = {
        "caseId": case_id,
        "segments": [{**dict(zip(("practice", "startedAt", "endedAt"), RESTRAINT, strict=True)), **segment}],
        **WELL_RECORDED,
    }
    text = (
        "mutation($input: RecordUseInput!, $key: String) "
        f"{{ recordUse(input: $input, idempotencyKey: $key) {{ use {{ id }} case {{ id }} {ERRORS} }} }}"
    )
    found: dict[str, Any] = api.data(text, input=given, key=key)["recordUse"]
    return found


# ------------------------------------------------------------------------------------------------------- races


def in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Runs ``work(0..count-1)`` in threads released together; returns the results, or raises the first failure."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    failures: list[BaseException] = []

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = work(n)
        except BaseException as failure:  # noqa: BLE001 (re-raised below, in the test's thread)
            failures.append(failure)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if failures:
        raise failures[0]
    return results


@pytest.fixture
def two_workers(services: Services, clock: Clock) -> Iterator[tuple[Services, Services]]:
    """Two sets of services on one database, each with its own cache of cases, as two API workers have."""
    clock.set(NOW)
    other = build_services(services.settings, clock=services.clock)
    try:
        yield services, other
    finally:
        other.close()


def apis_of(workers: tuple[Services, Services]) -> list[Api]:
    """One care worker's client of each worker."""
    token = token_for([Role.CARE_STAFF], provider=PROVIDER_A, locations=[OWN.location])
    return [api_for(each, token) for each in workers]


CONCURRENT = 8


def test_requests_writing_to_one_case_at_once_are_all_recorded(
    two_workers: tuple[Services, Services],
) -> None:
    apis = apis_of(two_workers)
    case_id = apis[0].open_case("P-race", location_id=OWN.location)

    def record(n: int) -> str:
        start = f"2025-03-03T10:{n:02d}:00+00:00"
        return apis[n % 2].record_use(case_id, ("PHYS_STANDING", start, start.replace(":00+", ":30+")), **WELL_RECORDED)

    use_ids = in_threads(CONCURRENT, record)
    assert len(set(use_ids)) == CONCURRENT
    for api in apis:  # each worker's view of the case, through its own cache, holds every use once
        assert sorted(api.use_ids(case_id)) == sorted(use_ids)
    events = list(two_workers[0].cases.events.get(UUID(case_id)))
    assert len(events) == 1 + CONCURRENT  # opened, then one event per use: none lost, none twice


def test_one_keyed_request_sent_many_times_at_once_is_recorded_once(
    two_workers: tuple[Services, Services],
) -> None:
    apis = apis_of(two_workers)
    case_id = apis[0].open_case("P-retry", location_id=OWN.location)

    answers = in_threads(CONCURRENT, lambda n: record_use_query(apis[n % 2], case_id, "timed-out-once"))
    assert all(a["errors"] == [] for a in answers), answers
    assert len({a["use"]["id"] for a in answers}) == 1
    assert len(apis[1].use_ids(case_id)) == 1


def test_a_write_that_keeps_losing_its_race_is_refused_with_nothing_recorded(services: Services, clock: Clock) -> None:
    """A reader that only ever sees the case as first opened stands for a case changed by others on every attempt."""
    clock.set(NOW)
    case_id = services.cases.open_case("P-busy", Setting.MENTAL_HEALTH_INPATIENT, OWN.location, NURSE)
    services.cases.grant_authorisation(
        case_id, AuthorisationBasis.MHA_DETENTION, [PracticeCode.PHYS_STANDING], NOW, NOW + timedelta(days=1), "Dr R Khan", NURSE
    )
    head = services.cases.recorder.max_notification_id()
    restraint = Use(uuid4(), (Segment(PracticeCode.PHYS_STANDING, NOW - timedelta(hours=1), NOW),), UseDetails())

    def as_first_opened(stream_id: UUID) -> Any:
        return services.cases.repository.get(stream_id, version=1)

    with pytest.raises(StreamBusyError) as refused:
        services.cases.retrying(case_id, as_first_opened, lambda case: case.record_use(restraint, NURSE))
    assert refused.value.code == "CONCURRENT_CHANGES"
    assert f"each of the {ATTEMPTS} times" in refused.value.message
    assert services.cases.recorder.max_notification_id() == head
