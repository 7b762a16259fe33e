"""Consent request and response schemas: the consent service's contract (and its OpenAPI shapes).

A signed form arrives as base64 in JSON and is decoded here; it never appears in a response (the form
has its own route) nor in an error message (marshmallow's messages name the rule, not the value).
"""
from __future__ import annotations

import base64
import binascii
import re
from datetime import date

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from consent.contract.rules import (DOCUMENT_MEDIA_TYPES, MAX_FORM_BYTES, RANK, SCOPES, SIGNATURE_MEDIA_TYPES,
                                    TOO_LARGE, TYPES, form_problem, in_scope_order, term_problems)
from hmis_kit.inputs import Input

# Base64 carries 3 bytes in 4 characters: anything longer cannot fit the limit, and is not decoded.
_MAX_BASE64_CHARS = (MAX_FORM_BYTES + 2) // 3 * 4
_DATA_URL = re.compile(r"^data:(?P<media_type>[a-z]+/[a-z0-9.+-]+);base64,(?P<content>.*)$", re.DOTALL)


def decode_base64(text: str) -> bytes:
    if len(text) > _MAX_BASE64_CHARS:
        raise ValidationError(TOO_LARGE)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("not valid base64") from None


def not_in_future(value: date) -> None:
    if value > date.today():
        raise ValidationError("after today")


class Base64Bytes(fields.String):
    """Bytes sent as base64 text."""

    def _deserialize(self, value, attr, data, **kwargs) -> bytes:
        return decode_base64(super()._deserialize(value, attr, data, **kwargs))


class SignatureImage(fields.String):
    """A data URL (data:image/png;base64,...), loaded as its media type and bytes."""

    def _deserialize(self, value, attr, data, **kwargs) -> dict:
        match = _DATA_URL.match(super()._deserialize(value, attr, data, **kwargs))
        if match is None:
            raise ValidationError("not a data URL (data:image/png;base64,...)")
        if match["media_type"] not in SIGNATURE_MEDIA_TYPES:
            raise ValidationError(f"must be one of: {', '.join(SIGNATURE_MEDIA_TYPES)}")
        content = decode_base64(match["content"])
        problem = form_problem(match["media_type"], content)
        if problem:
            raise ValidationError(problem)
        return {"media_type": match["media_type"], "content": content}


class DocumentUploadSchema(Input):
    media_type = fields.String(required=True, validate=validate.OneOf(DOCUMENT_MEDIA_TYPES))
    content = Base64Bytes(required=True, load_only=True,
                          metadata={"description": f"the file, base64; at most {MAX_FORM_BYTES} bytes"})

    @validates_schema
    def check_content(self, data: dict, **kwargs) -> None:
        # Runs only when both fields loaded (marshmallow skips schema checks after field errors).
        problem = form_problem(data["media_type"], data["content"])
        if problem:
            raise ValidationError({"content": [problem]})


class SignatureCaptureSchema(Input):
    signer_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    image = SignatureImage(required=True, load_only=True,
                           metadata={"description": "the signature as a data URL: data:image/png;base64,..."})

    @post_load
    def flatten(self, data: dict, **kwargs) -> dict:
        return {"signer_name": data["signer_name"], **data["image"]}


class ReleasedToField(fields.List):
    def __init__(self, **kwargs):
        super().__init__(fields.UUID(), metadata={"description": "roi only: the agencies released to"}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> list:
        return list(dict.fromkeys(super()._deserialize(value, attr, data, **kwargs)))


class ScopeField(fields.List):
    def __init__(self, **kwargs):
        super().__init__(fields.String(validate=validate.OneOf(SCOPES)), validate=validate.Length(min=1),
                         metadata={"description": "the parts of the record covered"}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> list:
        return in_scope_order(super()._deserialize(value, attr, data, **kwargs))


class ConsentCreateSchema(Input):
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    scope = ScopeField(required=True)
    released_to = ReleasedToField(load_default=list)
    signed_on = fields.Date(required=True, validate=not_in_future)
    start_date = fields.Date(load_default=None, metadata={"description": "default: signed_on"})
    end_date = fields.Date(load_default=None, metadata={"description": "default: start + HMIS_CONSENT_TERM_DAYS"})
    document = fields.Nested(DocumentUploadSchema, load_default=None, metadata={"description": "a signed form"})
    signature = fields.Nested(SignatureCaptureSchema, load_default=None,
                              metadata={"description": "or a signature captured on screen"})

    @validates_schema
    def check_terms(self, data: dict, **kwargs) -> None:
        problems = term_problems(data["type"], data["released_to"], data["signed_on"], data["start_date"],
                                 data["end_date"])
        if (data["document"] is None) == (data["signature"] is None):
            problems["document"] = ["give either a document or a signature"]
        if problems:
            raise ValidationError(problems)


class ConsentChangeSchema(Input):
    """The terms an edit may change; what is left out stays as it is."""

    scope = ScopeField()
    released_to = ReleasedToField()
    start_date = fields.Date()
    end_date = fields.Date()

    @validates_schema
    def check_something(self, data: dict, **kwargs) -> None:
        if not data:
            raise ValidationError("change at least one of scope, released_to, start_date, end_date")


class RevocationSchema(Input):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=500))
    revoked_on = fields.Date(load_default=date.today, validate=not_in_future,
                             metadata={"description": "default: today"})


class AsOfSchema(Input):
    as_of = fields.Date(load_default=date.today, metadata={"description": "the date statuses are for; default today"})


class SignedFormSchema(Schema):
    kind = fields.String(metadata={"description": "document or signature"})
    media_type = fields.String()
    sha256 = fields.String()
    size = fields.Integer()
    signer_name = fields.String(allow_none=True)


class ConsentVersionSchema(Schema):
    version = fields.Integer()
    scope = fields.List(fields.String())
    released_to = fields.List(fields.UUID())
    start_date = fields.Date()
    end_date = fields.Date()
    revoked_on = fields.Date(allow_none=True)
    revocation_reason = fields.String(allow_none=True)
    revoked_by = fields.UUID(allow_none=True)
    recorded_by = fields.UUID(metadata={"description": "who made this version"})
    recorded_at = fields.AwareDateTime()


class ConsentSchema(ConsentVersionSchema):
    """A consent with its current (latest) version's terms and its status on the date asked."""

    id = fields.UUID()
    client_id = fields.UUID()
    agency_id = fields.UUID(metadata={"description": "the agency that recorded it"})
    type = fields.String()
    signed_on = fields.Date()
    form = fields.Nested(SignedFormSchema)
    status = fields.String(metadata={"description": ", ".join(RANK[:-1])})


class ConsentHistorySchema(ConsentSchema):
    history = fields.List(fields.Nested(ConsentVersionSchema), metadata={"description": "every version, oldest first"})


class BadgeSchema(Schema):
    type = fields.String()
    status = fields.String(metadata={"description": ", ".join(RANK)})
    consent_id = fields.UUID(allow_none=True, metadata={"description": "the consent behind the status"})
    end_date = fields.Date(allow_none=True)


class ConsentStatusSchema(Schema):
    client_id = fields.UUID()
    as_of = fields.Date()
    badges = fields.List(fields.Nested(BadgeSchema))


class SignedFormContentSchema(Schema):
    media_type = fields.String()
    sha256 = fields.String()
    content = fields.Method("encode")

    def encode(self, form: dict) -> str:
        # RPC replies are JSON: the bytes travel as base64 to the gateway, which sends them as they are.
        return base64.b64encode(form["content"]).decode("ascii")
