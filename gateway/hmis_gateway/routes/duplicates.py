"""De-duplication through the gateway: the review list of uncertain matches, its resolutions, and splits.

A pair of client records belongs to the agencies holding its two records (the policy input's
`agency_ids`): an agency administrator acts on pairs of their own agency's records only, the HMIS lead on
any. The list carries ids and what matched, never names, SSNs or DOBs: a reviewer reads each record
through GET /clients/{id}, audited and consent-checked. A resolution or a split writes an audit row for
each of the two records in the clients service, in the transaction that changes them."""
from flask import Blueprint, g, jsonify, request

from clients.contract.schemas import ClientSplitSchema, MatchResolutionSchema, MatchReviewQuerySchema, MatchReviewSchema
from hmis_gateway.guard import body_field, json_body, listed_agencies, protected

bp = Blueprint("duplicates", __name__)
TAGS = ("clients",)


def review_agencies(principal, services, kwargs) -> dict:
    return services.clients.match_review_facts(kwargs["resource_id"])


def pair_agencies(principal, services, kwargs) -> dict:
    """The agencies holding the client and the record named in the body; without one, the client's alone, so
    the policy decides before the body is refused."""
    return services.clients.pair_facts(kwargs["resource_id"], body_field("other_client_id"))


@bp.get("/client-match-reviews")
@protected("clients:merge", "Pairs of client records that may be one person, oldest first, for a person to decide "
           "(`?status=` pending, the default, or resolved; `?agency_id=`: pairs whose two records that agency holds, "
           "without it every agency's, for the HMIS lead): ids and what matched, never names",
           resource_type="client_match_review",
           details=listed_agencies, query=MatchReviewQuerySchema, returns=MatchReviewSchema, many=True, tags=TAGS)
def list_match_reviews():
    return jsonify(g.services.clients.match_reviews(request.args.to_dict()))


@bp.post("/client-match-reviews/<resource_id>/resolution")
@protected("clients:merge", "Resolve a review: `same_person` links the two records to one person (the earlier "
           "record's), `different_people` keeps them apart for good; once", resource_type="client_match_review",
           details=review_agencies, body=MatchResolutionSchema, returns=MatchReviewSchema, errors=(409,), tags=TAGS)
def resolve_match_review(resource_id):
    return jsonify(g.services.clients.resolve_match_review(resource_id, json_body(), g.access))


@bp.post("/clients/<resource_id>/split")
@protected("clients:merge", "Split a client record from the person it shares with `other_client_id`: it gets its "
           "own person back, and the two are never linked automatically again", resource_type="client_pair",
           details=pair_agencies, body=ClientSplitSchema, returns=ClientSplitSchema, tags=TAGS)
def split_client(resource_id):
    return jsonify(g.services.clients.split_client(resource_id, json_body(), g.access))
