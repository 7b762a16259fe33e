"""The base of every request schema: what no input may carry, whatever its schema says about it.

A request schema (a JSON body or a query string, loaded by a service or by the gateway) derives from
`Input`. It refuses a field it does not know (a misspelt `veteran` for `veteran_status` would otherwise be
dropped and the answer lost), and every field it binds gets the limits of what PostgreSQL can store, so a
value the database would refuse is a 422 naming the field and the rule instead of a failure inside a
service:

- text: no NUL nor other control character (tab, line feed and carriage return excepted), no lone
  surrogate (not encodable as UTF-8);
- an integer: within a PostgreSQL `integer` (int4), the type of every integer column a request fills;
- money (HUD's `money`, numeric(12,2)): below 10^10;
- a date and time: its time-zone offset within +/-14:00 (PostgreSQL refuses larger ones) and, in UTC,
  between the years 1 and 9999 (what Python reads back). A date already is (its parser knows no year 0
  nor above 9999).

Response schemas stay plain `marshmallow.Schema`s: tolerant of what they are not told about.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from marshmallow import RAISE, Schema, ValidationError, fields

INT4_MIN, INT4_MAX = -(2 ** 31), 2 ** 31 - 1
MONEY_LIMIT = Decimal(10) ** 10  # numeric(12, 2): ten digits before the point
MAX_UTC_OFFSET = timedelta(hours=14)  # the Earth's widest; PostgreSQL refuses displacements past 15:59
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def storable_text(value) -> None:
    if not isinstance(value, str):  # a String subclass may load into something else (a UUID, bytes)
        return
    if _CONTROL.search(value):
        raise ValidationError("must not contain NUL or other control characters (tab, line feed and carriage "
                              "return excepted)")
    if _SURROGATE.search(value):
        raise ValidationError("must be valid Unicode (a lone surrogate is not)")


def storable_integer(value: int) -> None:
    if not INT4_MIN <= value <= INT4_MAX:
        raise ValidationError(f"must be between {INT4_MIN} and {INT4_MAX}")


def storable_money(value: Decimal) -> None:
    if not value.is_finite() or abs(value) >= MONEY_LIMIT:
        raise ValidationError(f"must be less than {MONEY_LIMIT:,} in size")


def storable_datetime(value: datetime) -> None:
    offset = value.utcoffset()
    if offset is None:
        return
    if abs(offset) > MAX_UTC_OFFSET:
        raise ValidationError("the time-zone offset must be within -14:00 and +14:00")
    try:
        value.astimezone(timezone.utc)
    except OverflowError:
        raise ValidationError("must fall between the years 1 and 9999 in UTC") from None


# The most specific first: a field gets the limit of the first kind it is.
_LIMITS = ((fields.Decimal, storable_money), (fields.Integer, storable_integer),
           (fields.DateTime, storable_datetime), (fields.String, storable_text))


def add_limits(field: fields.Field) -> None:
    """Give `field` (and the fields inside a list, tuple or dict) the limit of what can be stored."""
    if getattr(field, "_storable", False):
        return
    field._storable = True
    for kind, limit in _LIMITS:
        if isinstance(field, kind):
            field.validators = [*field.validators, limit]
            break
    inner = [getattr(field, "inner", None), getattr(field, "key_field", None), getattr(field, "value_field", None),
             *getattr(field, "tuple_fields", ())]
    for each in inner:
        if each is not None:
            add_limits(each)


class Input(Schema):
    """A request schema: unknown fields refused, every value within what can be stored (module docstring)."""

    class Meta:
        unknown = RAISE

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        add_limits(field_obj)
