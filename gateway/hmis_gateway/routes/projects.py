"""Project descriptors (HUD 2.01-2.09) through the gateway: the HMIS lead sets up organizations and says
which agency runs each; that agency's administrators then manage its projects and their funders, CoCs,
inventory, affiliations and participation. Not client data: no audit rows, but every decision is logged."""
from flask import Blueprint, g, jsonify, request

from clients.contract.records import DESCRIPTORS
from clients.contract.schemas import DESCRIPTOR_ANSWERS, DESCRIPTOR_BODIES, OrganizationAgencySchema
from hmis_gateway.guard import json_body, listed_agency, protected
from hmis_gateway.schemas import AgencyQuerySchema
from hmis_kit.errors import load_or_fail

bp = Blueprint("projects", __name__)
TAGS = ("projects",)
ORGANIZATIONS, PROJECTS = "organizations", "projects"


def owner_of(name: str):
    """An owner function: the agency running the organization (or the project's organization) in the path."""
    def owner(principal, services, kwargs) -> str:
        return services.clients.descriptor_owner(name, kwargs["resource_id"])
    return owner


@bp.post("/organizations")
@protected("organizations:manage", "Add an organization (HUD 2.01; the HMIS lead), then link it to the agency "
           "running it", resource_type="organization", body=DESCRIPTOR_BODIES[ORGANIZATIONS],
           returns=DESCRIPTOR_ANSWERS[ORGANIZATIONS], status=201, tags=TAGS)
def add_organization():
    return jsonify(g.services.clients.add_descriptor(ORGANIZATIONS, None, json_body(), g.principal["id"]))


@bp.get("/organizations")
@protected("projects:read", "The organizations an agency runs (`?agency_id=`, default your own)",
           resource_type="organization", owner=listed_agency, query=AgencyQuerySchema,
           returns=DESCRIPTOR_ANSWERS[ORGANIZATIONS], many=True, tags=TAGS)
def list_organizations():
    load_or_fail(AgencyQuerySchema(), request.args.to_dict())
    return jsonify(g.services.clients.organizations_of(listed_agency(g.principal, g.services, {})))


@bp.get("/unlinked-organizations")
@protected("organizations:manage", "The organizations no agency runs yet (the HMIS lead): added and not linked, or "
           "imported without an agency; link each with PUT /organizations/{id}/agency", resource_type="organization",
           returns=DESCRIPTOR_ANSWERS[ORGANIZATIONS], many=True, tags=TAGS)
def list_unlinked_organizations():
    return jsonify(g.services.clients.unlinked_organizations())


@bp.put("/organizations/<resource_id>/agency")
@protected("organizations:manage", "Say which agency runs an organization (the HMIS lead): its projects become "
           "that agency's to enroll clients in and to manage", resource_type="organization",
           owner=owner_of(ORGANIZATIONS), body=OrganizationAgencySchema, returns=OrganizationAgencySchema,
           errors=(404, 409), tags=TAGS)
def link_organization(resource_id):
    agency_id = str(json_body(OrganizationAgencySchema)["agency_id"])
    g.services.identity.get_agency(agency_id)  # an unknown agency is 404, not a link to nobody
    return jsonify(g.services.clients.link_organization(resource_id, {"agency_id": agency_id}))


def _descriptor_routes(name: str, parent: str | None) -> None:
    """Read and change one descriptor at /<name>/{id} (a project's at /projects/{id}/<name>/{record_id}), and
    add one under its parent."""
    descriptor = DESCRIPTORS[name]
    what = f"{descriptor.file} (HUD)"
    if parent is None or parent == ORGANIZATIONS:
        base, owner = f"/{name}/<resource_id>", owner_of(name)
    else:
        base, owner = f"/{parent}/<resource_id>/{descriptor.path}/<record_id>", owner_of(parent)

    def ids(kwargs) -> tuple[str, str | None]:
        return (kwargs["record_id"], kwargs["resource_id"]) if "record_id" in kwargs else (kwargs["resource_id"], None)

    @protected("projects:read", f"One {what}" + (" with the descriptors under it" if parent != PROJECTS else ""),
               resource_type=descriptor.file.lower(), owner=owner, returns=DESCRIPTOR_ANSWERS[name], errors=(409,), tags=TAGS)
    def read(**kwargs):
        return jsonify(g.services.clients.descriptor(name, *ids(kwargs)))

    @protected("projects:manage", f"Change a {what}: only the fields sent; HUD's rules hold for it as it will stand",
               resource_type=descriptor.file.lower(), owner=owner, body=DESCRIPTOR_BODIES[name],
               returns=DESCRIPTOR_ANSWERS[name], errors=(409,), tags=TAGS)
    def change(**kwargs):
        record_id, parent_id = ids(kwargs)
        return jsonify(g.services.clients.update_descriptor(name, record_id, parent_id, json_body(), g.principal["id"]))

    bp.add_url_rule(base, f"read_{name}", read, methods=["GET"])
    bp.add_url_rule(base, f"change_{name}", change, methods=["PUT"])
    if parent is None:
        return

    @protected("projects:manage", f"Add a {what} to one of your agency's " + parent.removesuffix("s"),
               resource_type=descriptor.file.lower(), owner=owner_of(parent), body=DESCRIPTOR_BODIES[name],
               returns=DESCRIPTOR_ANSWERS[name], errors=(409,), status=201, tags=TAGS)
    def add(resource_id):
        return jsonify(g.services.clients.add_descriptor(name, resource_id, json_body(), g.principal["id"]))

    bp.add_url_rule(f"/{parent}/<resource_id>/{descriptor.path}", f"add_{name}", add, methods=["POST"])


for _name, _descriptor in DESCRIPTORS.items():
    _descriptor_routes(_name, _descriptor.parent_descriptor and _descriptor.parent_descriptor.name)
