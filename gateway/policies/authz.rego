# Who may do what in Harbor HMIS. The gateway asks for `decision` before any request reaches a service.
#
# Input: {"principal": {"kind", "id", "agency_id", "roles", "scopes"}, "action",
#         "resource": {"type", "id", "agency_id"}, "purpose", "break_glass_reason"}
# Data:  data.network.agencies[<agency_id>].status, one of pending, active, suspended, ended.
#
# Every rule below adds a reason code for one way a request falls short; allowed means no reason.
package hmis.authz

decision := {"allow": count(reasons) == 0, "reasons": reasons}

principal := input.principal

# Every action the gateway knows.
actions := {
	"clients:create",
	"clients:read",
	"reports:read",
	"decisions:read",
	"agencies:create",
	"agencies:read",
	"users:create",
	"users:read",
	"api_keys:create",
	"system:read",
	"session:read",
	"session:end",
}

# Every authenticated principal may see who it is and end its own session, whatever its roles or scopes.
self_service_actions := {"session:read", "session:end"}

# What each role permits. Extend here; a role not listed permits nothing.
role_actions := {
	"system_admin": actions,
	"agency_admin": {
		"clients:create",
		"clients:read",
		"users:create",
		"users:read",
		"api_keys:create",
		"agencies:read",
		"reports:read",
	},
	"case_manager": {"clients:create", "clients:read"},
	"ces_user": {"clients:read"},
	"report_viewer": {"reports:read"},
	"compliance_officer": {"decisions:read"},
}

# The only actions a partner system may call with an API key (further limited by the key's scopes).
api_key_actions := {"clients:read", "clients:create", "reports:read"}

reasons contains "unknown_action" if not input.action in actions

# A principal of any other kind is never trusted.
reasons contains "unknown_principal" if not principal.kind in {"user", "api_key"}

reasons contains "role_not_permitted" if {
	principal.kind == "user"
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

reasons contains "other_agency" if {
	other_agency_resource
	not cross_agency_permitted
}

other_agency_resource if {
	owner := input.resource.agency_id
	owner != null
	owner != principal.agency_id
}

# Each way one agency may reach another agency's resource is one more body of this rule
# (a later issue adds sharing by client consent). API keys act by their scopes, never by roles.
cross_agency_permitted if {
	principal.kind == "user"
	"system_admin" in principal.roles
}
