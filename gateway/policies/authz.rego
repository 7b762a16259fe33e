# Who may do what in Harbor HMIS. The gateway asks for `decision` before any request reaches a service.
#
# Input: {"principal": {"kind", "id", "agency_id", "roles", "scopes", "mfa"}, "action",
#         "resource": {"type", "id", "agency_id", ...; a client also "consents": [{"consent_id", "type",
#         "scope", "released_to", "start_date", "end_date", "revoked_on"}]; a pair of client records
#         "agency_ids"}, "purpose",
#         "break_glass_reason", "now" (the gateway's UTC date, YYYY-MM-DD)}
# Data:  data.network.agencies[<agency_id>].status: pending, active, suspended or ended.
#        data.network.users[<user_id>]: {"active", "license", "license_training", "mandatory_current",
#        "ces_workflow", "overdue"}, followed from identity's and training's events.
#
# Every rule below adds a reason code for one way a request falls short; allowed means no reason.
package hmis.authz

decision := {"allow": count(reasons) == 0, "reasons": reasons, "consents": sharing_consents}

principal := input.principal

# Every action the gateway knows.
actions := {
	"session:read", "session:end", "mfa:enroll", "training:self",
	"clients:create", "clients:read",
	"reports:read", "decisions:read", "system:read",
	"agencies:create", "agencies:read", "agencies:manage", "agencies:contacts", "fees:manage",
	"users:create", "users:read", "users:manage", "licenses:request", "licenses:approve",
	"api_keys:create", "api_keys:read", "api_keys:manage",
	"training:read", "training:manage",
	"ces:read", "ces:assess", "ces:manage", "ces:respond",
	"consents:read", "consents:write",
	"clients:export", "audit:read", "auth_log:read",
	"clients:update", "enrollments:create", "clients:merge", "csv:import", "csv:export",
	"enrollments:read", "projects:read", "projects:manage", "organizations:manage",
	"data_quality:read",
	"reports:run", "reports:drill_down", "principals:lookup", "agencies:lookup",
}

# Every authenticated principal may see who it is, end its session and set up a second factor,
# whatever its roles, scopes, license or training.
self_service_actions := {"session:read", "session:end", "mfa:enroll"}

# What a user needs to do to obtain a license (take a quiz, register for a session) needs no license.
license_exempt_actions := self_service_actions | {"training:self"}

# CES data needs the CES Workflow training: reading the list, openings and referrals (ces:read), assessing a
# client at an access point (ces:assess), the CES team's work (ces:manage: instruments, policies, requirements,
# matching, manual ranks) and a provider's or case worker's (ces:respond: posting an opening, a referral's steps).
ces_actions := {"ces:read", "ces:assess", "ces:manage", "ces:respond"}

# What each role permits. Extend here; a role not listed permits nothing.
role_actions := {
	"system_admin": actions,
	"agency_admin": {
		"training:self", "clients:create", "clients:read", "users:create", "users:read", "users:manage",
		"licenses:request", "licenses:approve", "api_keys:create", "api_keys:read", "api_keys:manage",
		"agencies:read", "agencies:contacts", "reports:read", "training:read", "ces:read",
		"ces:assess", "ces:respond", "consents:read", "consents:write", "clients:export", "clients:update", "enrollments:create",
		"clients:merge", "enrollments:read", "projects:read", "projects:manage", "data_quality:read",
		"reports:run", "reports:drill_down", "agencies:lookup",
	},
	"case_manager": {
		"training:self", "clients:create", "clients:read", "clients:export", "ces:read",
		"ces:assess", "ces:respond", "consents:read", "consents:write", "clients:update", "enrollments:create", "enrollments:read",
		"projects:read", "data_quality:read", "agencies:lookup",
	},
	"ces_user": {
		"training:self", "clients:read", "ces:read", "ces:manage", "ces:respond", "enrollments:read",
		"projects:read",
	},
	"report_viewer": {
		"training:self", "reports:read", "projects:read", "data_quality:read",
		"reports:run", "reports:drill_down",
	},
	"compliance_officer": {"training:self", "decisions:read", "audit:read", "auth_log:read", "principals:lookup"},
}

# Looking users and partner keys up by name (principals:lookup) answers each one's id, kind, name and agency only:
# what every row of the compliance views already names (principal_name, agency_name), never a contact, a role or a
# license. It is the compliance officer's (and the HMIS lead's), across agencies, to pick whose accesses to read
# without `users:read`, which would show them every agency's staff records. It owns no agency's resource, so it is
# not held by other_agency; like every call, each lookup is a decision in the decision log.

# Looking agencies up by name (agencies:lookup) answers each active agency's id and name only, never its standing,
# contacts, fees or users (agencies:read: every agency's standing listed to agency administrators and the HMIS lead,
# one agency's contacts and fees to the lead and that agency's administrators). It is for whoever records consents
# (consents:write: case managers, agency administrators, the HMIS lead), to name the agencies a release of
# information goes to without knowing their ids; which agencies take part in the trust network is no secret among its
# members. It owns no agency's resource, so it is not held by other_agency; partner keys may not (not an
# api_key_action), and each lookup is a decision in the decision log.

# Organizations (HUD 2.01) and which agency runs each are the HMIS lead's to set (organizations:manage,
# system administrators only); an agency administrator manages the projects of the organizations their
# agency runs (projects:manage, owner checked by other_agency).

# Data-quality findings (data_quality:read) belong to the agency owning the record each is about: its
# administrators, case managers and report viewers read their own agency's (`agency_ids`, one agency named),
# the HMIS lead every agency's (none named). They carry ids, codes and values but no name, SSN or date of
# birth, so they are not `client_data`: the lead needs no broken glass, as for the pairs of clients:merge.

# HUD reports: running one (reports:run) and reading its counts (reports:read) name no client. The people behind
# a cell (reports:drill_down: HUD ids, never a name, so not `client_data`) belong to the agencies running the
# projects of their enrollments: an agency's administrators and report viewers see their own agency's
# (`agency_ids`, one agency named; the reports service keeps to its projects), the HMIS lead every agency's (none
# named), without breaking the glass; case managers and partner keys see counts only. A drill-down that shows
# names asks `clients:read` of each member's client besides, with no broken glass (hmis_gateway/member_names.py):
# a name is shown only where that client's record could be read.
# The list of report runs (reports:read on `report_runs`) names the agencies whose people asked for the runs listed
# (`agency_ids`): an agency's readers of reports (administrators, report viewers, its partner keys with the scope)
# list their own agency's runs, the HMIS lead every agency's (none named) or one agency's. A run's counts name no
# client, but what an agency reported on (its projects, its periods) is its own business. So is one run read by its
# id (its status, questions, downloads, drill-downs, cancelling it): owned by the agency of whoever asked for it
# (`agency_id`), another agency's is refused (other_agency) but to the HMIS lead; a run the command line queued
# names no agency.

# Which roles each role may give. An agency administrator cannot make system administrators or
# compliance officers (HMIS lead roles), nor act outside their agency (see other_agency).
grantable_roles := {
	"system_admin": {"system_admin", "agency_admin", "case_manager", "ces_user", "report_viewer", "compliance_officer"},
	"agency_admin": {"agency_admin", "case_manager", "ces_user", "report_viewer"},
}

# A second factor is required of administrators.
admin_roles := {"system_admin", "agency_admin"}

# The only actions a partner system may call with an API key (further limited by the key's scopes).
api_key_actions := {"clients:read", "clients:create", "reports:read"}

is_user if principal.kind == "user"

is_system_admin if {
	is_user
	"system_admin" in principal.roles
}

reasons contains "unknown_action" if not input.action in actions

# A principal of any other kind is never trusted.
reasons contains "unknown_principal" if not principal.kind in {"user", "api_key"}

reasons contains "role_not_permitted" if {
	is_user
	not input.action in self_service_actions
	not user_role_permits
}

user_role_permits if {
	some role in principal.roles
	input.action in role_actions[role]
}

reasons contains "scope_missing" if {
	principal.kind == "api_key"
	not input.action in self_service_actions
	not input.action in principal.scopes
}

reasons contains "action_not_for_api_keys" if {
	principal.kind == "api_key"
	not input.action in self_service_actions
	not input.action in api_key_actions
}

# Only members of the trust network in good standing act at all, the HMIS lead's agency included.
reasons contains "agency_not_active" if not agency_active

agency_active if data.network.agencies[principal.agency_id].status == "active"

reasons contains "mfa_required" if {
	is_user
	some role in principal.roles
	role in admin_roles
	not principal.mfa == true
	not input.action in self_service_actions
}

# Licenses and training. The HMIS lead's system administrators run licensing and training, so they are
# not gated by them (they are still bound by everything else and every decision is logged).
gated_by_license if {
	is_user
	not is_system_admin
	not input.action in license_exempt_actions
}

user_facts := data.network.users[principal.id]

reasons contains "license_inactive" if {
	gated_by_license
	not user_facts.license == "active"
}

reasons contains "training_overdue" if {
	gated_by_license
	not user_facts.mandatory_current == true
}

reasons contains "ces_training_missing" if {
	is_user
	not is_system_admin
	input.action in ces_actions
	not user_facts.ces_workflow == true
}

reasons contains "role_not_grantable" if {
	input.action == "users:create"
	some role in input.resource.roles
	not role_grantable(role)
}

role_grantable(role) if {
	some own in principal.roles
	role in grantable_roles[own]
}

reasons contains "other_agency" if {
	other_agency_resource
	not cross_agency_permitted
	not is_system_admin
}

other_agency_resource if {
	owner := input.resource.agency_id
	owner != null
	owner != principal.agency_id
}

# A pair of client records (a review of an uncertain match, a split: clients:merge) belongs to the
# agencies holding its two records, `agency_ids`: it is another agency's when either is, and a list of
# pairs naming no agency spans every agency, so only the HMIS lead acts across agencies.
other_agency_resource if {
	some owner in input.resource.agency_ids
	owner != principal.agency_id
}

other_agency_resource if count(input.resource.agency_ids) == 0

# Records about a client: the client record itself, its consents and its enrollments.
client_data if input.resource.type in {"client", "consent", "enrollment"}

# Each way one agency may reach another agency's resource is one body of this rule. API keys act by
# their scopes, never by roles.
cross_agency_permitted if {
	is_system_admin
	not client_data
}

cross_agency_permitted if {
	is_system_admin
	input.break_glass_reason in break_glass_reasons
}

cross_agency_permitted if count(sharing_consents) > 0

# Coordinated Entry: the CES team (ces_user) works the whole community's list, openings, referrals and the notices
# the sweep addresses to each step's owner. Its resources carry ids and codes, not client data (an assessment is
# written on an enrollment, which is).
ces_resources := {"ces_opening", "ces_referral", "ces_client", "ces_notice"}

ces_team if {
	is_user
	"ces_user" in principal.roles
}

cross_agency_permitted if {
	ces_team
	input.resource.type in ces_resources
}

# A referral belongs to two agencies, its provider and the one holding the client (`parties`): either may
# read it and take its steps (the ces service checks whose step it is); no other agency may, but the CES team.
reasons contains "not_party_to_referral" if {
	input.resource.type == "ces_referral"
	not ces_team
	not is_system_admin
	not principal.agency_id in input.resource.parties
}

# A victim service provider's records are never shared (VAWA): no consent and no broken glass opens them.
reasons contains "victim_service_provider" if {
	other_agency_resource
	client_data
	input.resource.victim_service_provider == true
}

# Client data: the HMIS lead reaches another agency's client only by breaking the glass, with a stated
# reason (one of these codes: free text could carry a name into the logs), and always flagged and audited.
break_glass_reasons := {"client_emergency", "data_quality_correction", "legal_request", "system_support"}

reasons contains "break_glass_reason_required" if {
	other_agency_resource
	not cross_agency_permitted
	is_system_admin
}

# Consent: another agency sees a client while a consent is in force (not revoked, between its start
# and end dates) that covers the part of the record the action reads: HMIS sharing (MPA) for trust
# network users, a release of information naming the user's agency, or CIE consent for partner systems.
# An enrollment read answers the enrollment and its exit under "enrollments"; the service leaves out the
# records of parts the consent does not cover (services, assessments, health).
action_parts := {"clients:read": "profile", "consents:read": "profile", "enrollments:read": "enrollments"}

sharing_consents contains consent.consent_id if {
	other_agency_resource
	client_data
	some consent in input.resource.consents
	in_force(consent)
	action_parts[input.action] in consent.scope
	covers(consent)
}

in_force(consent) if {
	consent.revoked_on == null
	consent.start_date <= input.now
	input.now <= consent.end_date
}

covers(consent) if {
	is_user
	consent.type == "hmis_sharing"
}

covers(consent) if {
	is_user
	consent.type == "roi"
	principal.agency_id in consent.released_to
}

covers(consent) if {
	principal.kind == "api_key"
	consent.type == "cie"
}
