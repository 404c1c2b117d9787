"""How the domain's value objects are stored in events: frozen dataclasses as objects, enums by value, dates as ISO.

JSON has no tuples or sets, so decoding restores the container types the dataclass fields declare.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from rpledger.domain import codes, correction, obligation, values


class EnumByValue(Transcoding):
    def __init__(self, enum_type: type[Enum]) -> None:
        self.type = enum_type
        self.name = enum_type.__name__

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        decoded: Enum = self.type(data)
        return decoded


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def _is_tuple_hint(hint: Any) -> bool:
    if typing.get_origin(hint) is tuple:
        return True
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return any(typing.get_origin(arg) is tuple for arg in typing.get_args(hint))
    return False


class DataclassAsDict(Transcoding):
    def __init__(self, cls: type) -> None:
        self.type = cls
        self.name = cls.__name__
        hints = typing.get_type_hints(cls)
        self._fields = [f.name for f in dataclasses.fields(cls)]
        self._tuple_fields = {name for name in self._fields if _is_tuple_hint(hints[name])}

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        kwargs = {
            name: tuple(value) if name in self._tuple_fields and value is not None else value
            for name, value in data.items()
        }
        return self.type(**kwargs)


VALUE_TYPES: tuple[type, ...] = (
    values.Actor,
    values.Segment,
    values.StaffMember,
    values.NonStaffParticipant,
    values.Injuries,
    values.PersonDetails,
    values.UseDetails,
    values.Use,
    values.Authorisation,
    values.Debrief,
    values.CarePlanRevision,
    values.Decision,
    values.Extension,
    values.Reviewer,
    values.Review,
    values.VitalSigns,
    values.Observation,
    values.DolsRequest,
    values.Stay,
    values.Notification,
    values.Departure,
    correction.PersonCorrection,
    correction.UseCorrection,
    correction.AuthorisationCorrection,
    correction.DebriefCorrection,
    correction.CarePlanRevisionCorrection,
)

ENUM_TYPES: tuple[type[Enum], ...] = (
    codes.Setting,
    codes.PracticeCode,
    codes.ReasonCode,
    codes.AuthorisationBasis,
    codes.DebriefKind,
    codes.ReviewKind,
    codes.StaffRole,
    codes.MonitoringRisk,
    codes.DolsRequestOutcome,
    codes.NotificationKind,
    obligation.ObligationStatus,
)


def register_value_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for enum_type in ENUM_TYPES:
        transcoder.register(EnumByValue(enum_type))
    for value_type in VALUE_TYPES:
        transcoder.register(DataclassAsDict(value_type))
