"""What a consent may say (consent/contract/rules.py and consent/contract/schemas.py), without a database."""
import base64
import uuid
from datetime import date, timedelta

import pytest
from marshmallow import ValidationError

from consent.contract.rules import MAX_FORM_BYTES, Terms, default_end, form_problem, term_problems
from consent.contract.schemas import ConsentChangeSchema, ConsentCreateSchema, RevocationSchema

PDF = b"%PDF-1.7\n" + b"0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
AGENCY = str(uuid.uuid4())


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def request(**changes) -> dict:
    body = {"type": "hmis_sharing", "scope": ["profile", "services"], "signed_on": "2026-03-01",
            "document": {"media_type": "application/pdf", "content": b64(PDF)}}
    return {**body, **changes}


def errors(body: dict, schema=ConsentCreateSchema) -> dict:
    with pytest.raises(ValidationError) as raised:
        schema().load(body)
    return raised.value.messages


def test_a_complete_request_loads_with_its_form_decoded_and_scope_in_order():
    loaded = ConsentCreateSchema().load(request(scope=["services", "profile", "services"]))
    assert loaded["scope"] == ["profile", "services"]
    assert loaded["document"] == {"media_type": "application/pdf", "content": PDF}
    assert loaded["released_to"] == [] and loaded["start_date"] is None and "agency_id" not in loaded
    # The consent's agency is the recorder's: an agency_id sent is refused as unknown (it was dropped before).
    assert errors(request(agency_id=AGENCY)) == {"agency_id": ["Unknown field."]}


def test_release_of_information_needs_agencies_and_only_it_may_name_them():
    assert errors(request(type="roi"))["released_to"] == ["required for a release of information: at least one agency"]
    assert "released_to" in errors(request(released_to=[AGENCY]))
    loaded = ConsentCreateSchema().load(request(type="roi", released_to=[AGENCY, AGENCY]))
    assert loaded["released_to"] == [uuid.UUID(AGENCY)]


def test_dates_run_signing_then_start_then_end():
    assert errors(request(start_date="2026-04-01", end_date="2026-03-31")) == {"end_date": ["before start_date"]}
    assert errors(request(start_date="2026-02-28")) == {"start_date": ["before signed_on"]}
    assert errors(request(signed_on=(date.today() + timedelta(days=1)).isoformat())) == {"signed_on": ["after today"]}
    assert ConsentCreateSchema().load(request(start_date="2026-03-01", end_date="2026-03-01"))["end_date"]


def test_the_default_term_runs_from_the_start():
    assert default_end(date(2026, 3, 1), Terms(term_days=365, expiring_days=30)) == date(2027, 3, 1)
    assert term_problems("cie", [], date(2026, 3, 1), None, None) == {}


def test_scope_is_a_non_empty_list_of_known_record_parts():
    assert "scope" in errors(request(scope=[]))
    assert errors(request(scope=["profile", "ssn"]))["scope"] == {
        1: ["Must be one of: profile, enrollments, services, assessments, health."]}
    assert errors(request(type="consent-ish"))["type"]


def test_a_document_is_a_pdf_png_or_jpeg_of_at_most_2_mb():
    exe = errors(request(document={"media_type": "application/x-msdownload", "content": b64(b"MZ\x90\x00")}))
    assert exe == {"document": {"media_type": ["Must be one of: application/pdf, image/png, image/jpeg."]}}
    renamed = errors(request(document={"media_type": "application/pdf", "content": b64(b"MZ\x90\x00")}))
    assert renamed == {"document": {"content": ["content is not application/pdf"]}}
    too_big = errors(request(document={"media_type": "application/pdf", "content": b64(PDF + b"0" * MAX_FORM_BYTES)}))
    assert too_big == {"document": {"content": ["larger than 2 MB"]}}
    assert errors(request(document={"media_type": "application/pdf", "content": "not base64!"})) == {
        "document": {"content": ["not valid base64"]}}
    assert form_problem("image/png", PNG) is None


def test_just_over_the_limit_is_refused_even_when_the_base64_is_short_enough():
    assert form_problem("application/pdf", PDF[:5] + b"0" * (MAX_FORM_BYTES - 4)) == "larger than 2 MB"
    assert form_problem("application/pdf", PDF[:5] + b"0" * (MAX_FORM_BYTES - 5)) is None


def test_a_captured_signature_is_a_name_and_a_png_or_jpeg_data_url():
    loaded = ConsentCreateSchema().load(request(document=None, signature={
        "signer_name": "R. Diaz", "image": f"data:image/png;base64,{b64(PNG)}"}))
    assert loaded["signature"] == {"signer_name": "R. Diaz", "media_type": "image/png", "content": PNG}
    svg = errors(request(document=None, signature={"signer_name": "R. Diaz",
                                                   "image": "data:image/svg+xml;base64,PHN2Zz4="}))
    assert svg == {"signature": {"image": ["must be one of: image/png, image/jpeg"]}}
    assert errors(request(document=None, signature={"signer_name": "R. Diaz", "image": "a picture"})) == {
        "signature": {"image": ["not a data URL (data:image/png;base64,...)"]}}


def test_exactly_one_signed_form():
    assert errors(request(document=None)) == {"document": ["give either a document or a signature"]}
    both = request(signature={"signer_name": "R. Diaz", "image": f"data:image/png;base64,{b64(PNG)}"})
    assert errors(both) == {"document": ["give either a document or a signature"]}


def test_an_edit_names_at_least_one_term_and_a_revocation_a_reason():
    assert errors({}, ConsentChangeSchema) == {
        "_schema": ["change at least one of scope, released_to, start_date, end_date"]}
    assert ConsentChangeSchema().load({"end_date": "2027-01-01"}) == {"end_date": date(2027, 1, 1)}
    assert errors({}, RevocationSchema) == {"reason": ["Missing data for required field."]}
    assert RevocationSchema().load({"reason": "client asked"})["revoked_on"] == date.today()
