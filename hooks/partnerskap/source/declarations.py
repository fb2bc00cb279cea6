"""One declaration per entity: a frozen dataclass whose attributes are the keys staff write.

An attribute made with :func:`key` carries its field type and its Swedish title; :func:`entity`
derives from the class the :class:`~.fields.Record` that checks a block of the staff's file,
describes it as JSON Schema and as a Decap form, and makes the class's object from the checked
block (:meth:`.fields.Record.make`). Adding a key to a file is adding one attribute:

    @entity("member", noun="medlem", description="En medlemsorganisation i föreningen.")
    @dataclass(frozen=True, kw_only=True)
    class Member:
        id: str = key(Slug(), "Id")                        # no default: staff must write it
        municipality: str | None = key(Text(), "Kommun", default=None)

Attributes without :func:`key` are worked out by the program (where a block stands in the file)
and are not keys staff write.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, NamedTuple, TypeVar

from partnerskap.source.fields import Field, FieldType, Record
from partnerskap.source.sourcefile import LineDict

Declared = TypeVar("Declared", bound=type)


class _Key(NamedTuple):
    type: FieldType
    title: str
    suggest: Callable[[LineDict], str] | None
    written_as: str | None


_METADATA = "partnerskap.key"


def key(
    type: FieldType, title: str, *, default: Any = dataclasses.MISSING,
    suggest: Callable[[LineDict], str] | None = None, written_as: str | None = None,
) -> Any:
    """An attribute that is a key of the staff's file.

    ``title`` is Swedish (editors and the forms at /admin/ show it); without a ``default`` staff
    must write the key. ``suggest`` proposes a value for a missing required key from the block
    as written; ``written_as`` is the key when it cannot be the attribute's name (``except``).
    """
    return dataclasses.field(default=default, metadata={_METADATA: _Key(type, title, suggest, written_as)})


def entity(name: str, *, noun: str = "", description: str = "") -> Callable[[Declared], Declared]:
    """Give a dataclass declared with :func:`key` its record as ``RECORD``.

    ``name`` is the kind (what a :class:`~.fields.Reference` names as its target), ``noun`` what
    staff call one in Swedish, ``description`` the Swedish sentence schemas and forms show.
    """
    def declare(cls: Declared) -> Declared:
        fields = []
        for attribute in dataclasses.fields(cls):
            declared = attribute.metadata.get(_METADATA)
            if declared is None:
                continue  # worked out by the program, not written by staff
            required = attribute.default is dataclasses.MISSING and attribute.default_factory is dataclasses.MISSING
            fields.append(Field(
                declared.written_as or attribute.name, declared.type, declared.title, required=required,
                default=None if required else attribute.default, suggest=declared.suggest,
                attribute=attribute.name if declared.written_as else None,
            ))
        cls.RECORD = Record(name, tuple(fields), description, noun, builds=cls)
        return cls

    return declare
