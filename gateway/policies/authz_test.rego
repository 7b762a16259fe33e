# Unit tests for hmis.authz: every reason code with a denying and an allowing case.
#
# Written for both engines. rego-cpp 1.5.2 (the embedded engine) differs from OPA in three ways that
# shape these tests: `with input as <object>` fails when the queried rule depends on other rules
# (`with input.<field> as` works, so decide() sets input field by field), `with data.x as <rule>` is
# undefined (a local variable works), and a nested `every` is undefined. Tests compare whole decisions
# and never use `not`, so an undefined decision fails a test instead of passing it.
package hmis.authz_test

import data.hmis.authz

own := "a0000000-0000-4000-8000-00000000000a"

other := "b0000000-0000-4000-8000-00000000000b"

suspended := "d0000000-0000-4000-8000-00000000000d"

me := "00000000-0000-4000-8000-000000000001"

# The test user holds an active license and is current on mandatory training; no CES training.
licensed := {"active": true, "license": "active", "license_training": true, "mandatory_current": true,
	"ces_workflow": false, "overdue": []}

network := {"users": {me: licensed}, "agencies": {
	own: {"status": "active"},
	other: {"status": "active"},
	"c0000000-0000-4000-8000-00000000000c": {"status": "pending"},
	suspended: {"status": "suspended"},
	"e0000000-0000-4000-8000-00000000000e": {"status": "ended"},
}}

allowed := {"allow": true, "reasons": set(), "consents": set()}

denied(reasons) := {"allow": false, "reasons": reasons, "consents": set()}

today := "2026-11-23"

decide(req) := decide_with(req, network)

decide_with(req, net) := decision if {
	agencies := net
	now := today
	decision := authz.decision
		with input.principal as req.principal
		with input.action as req.action
		with input.resource as req.resource
		with input.purpose as req.purpose
		with input.break_glass_reason as req.break_glass_reason
		with input.now as now
		with data.network as agencies
}

user(roles) := {
	"kind": "user", "id": me,
	"agency_id": own, "roles": roles, "scopes": [], "mfa": true,
}

# The network with the test user's facts replaced by `facts`.
with_facts(facts) := object.union(network, {"users": {me: object.union(licensed, facts)}})

api_key(scopes) := {
	"kind": "api_key", "id": "00000000-0000-4000-8000-000000000002",
	"agency_id": own, "roles": [], "scopes": scopes,
}

request(principal, action) := request_on(principal, action, null)

request_on(principal, action, owner) := {
	"principal": principal,
	"action": action,
	"resource": {"type": "client", "id": null, "agency_id": owner},
	"purpose": null,
	"break_glass_reason": null,
}

# Roles

test_agency_admin_permits_its_actions if {
	every action in [
		"clients:create", "clients:read", "users:create", "users:read",
		"api_keys:create", "agencies:read", "reports:read",
	] {
		decide(request(user(["agency_admin"]), action)) == allowed
	}
}

test_case_manager_permits_its_actions if {
	every action in ["clients:create", "clients:read"] {
		decide(request(user(["case_manager"]), action)) == allowed
	}
}

test_ces_user_permits_its_actions if {
	decide(request(user(["ces_user"]), "clients:read")) == allowed
}

test_report_viewer_permits_its_actions if {
	decide(request(user(["report_viewer"]), "reports:read")) == allowed
}

test_compliance_officer_permits_its_actions if {
	decide(request(user(["compliance_officer"]), "decisions:read")) == allowed
}

# The authentication log (failed logins, refused tokens) is a compliance view: compliance officers and the
# HMIS lead read it, nobody else.
test_authentication_log_is_for_compliance_officers_and_the_hmis_lead if {
	decide(request(user(["compliance_officer"]), "auth_log:read")) == allowed
	decide(request(user(["system_admin"]), "auth_log:read")) == allowed
	decide(request(user(["agency_admin"]), "auth_log:read")) == denied({"role_not_permitted"})
	decide(request(user(["case_manager"]), "auth_log:read")) == denied({"role_not_permitted"})
	decide(request(api_key(["reports:read"]), "auth_log:read")) == denied({"scope_missing", "action_not_for_api_keys"})
}

test_system_admin_may_do_every_known_action if {
	every action in [
		"clients:create", "clients:read", "reports:read", "decisions:read", "agencies:create",
		"agencies:read", "users:create", "users:read", "api_keys:create", "system:read",
	] {
		decide(request(user(["system_admin"]), action)) == allowed
	}
}

test_role_without_the_action_is_not_permitted if {
	decide(request(user(["case_manager"]), "reports:read")) == denied({"role_not_permitted"})
	decide(request(user(["agency_admin"]), "agencies:create")) == denied({"role_not_permitted"})
	decide(request(user(["agency_admin"]), "decisions:read")) == denied({"role_not_permitted"})
	decide(request(user(["compliance_officer"]), "clients:read")) == denied({"role_not_permitted"})
}

test_user_without_roles_is_not_permitted if {
	decide(request(user([]), "clients:read")) == denied({"role_not_permitted"})
}

test_unknown_role_is_not_permitted if {
	decide(request(user(["superuser"]), "clients:read")) == denied({"role_not_permitted"})
}

test_any_one_role_suffices if {
	decide(request(user(["case_manager", "report_viewer"]), "reports:read")) == allowed
}

# Actions

test_unknown_action_is_denied if {
	decide(request(user(["system_admin"]), "clients:delete")) == denied({"unknown_action", "role_not_permitted"})
}

test_missing_action_is_denied if {
	agencies := network
	decision := authz.decision with input.principal as user(["system_admin"]) with data.network as agencies
	decision == denied({"unknown_action", "role_not_permitted"})
}

# Principals

test_unknown_principal_kind_is_denied if {
	principal := object.union(user(["system_admin"]), {"kind": "service"})
	decide(request(principal, "clients:read")) == denied({"unknown_principal"})
}

test_missing_principal_is_denied if {
	agencies := network
	decision := authz.decision with input.action as "clients:read" with data.network as agencies
	decision == denied({"unknown_principal", "agency_not_active"})
}

# API keys

test_api_key_with_scope_may_call_partner_actions if {
	every action in ["clients:read", "clients:create", "reports:read"] {
		decide(request(api_key([action]), action)) == allowed
	}
}

test_api_key_without_the_scope_is_denied if {
	decide(request(api_key(["clients:read"]), "clients:create")) == denied({"scope_missing"})
	decide(request(api_key([]), "clients:read")) == denied({"scope_missing"})
}

test_api_key_without_scopes_field_is_denied if {
	principal := object.remove(api_key([]), ["scopes"])
	decide(request(principal, "clients:read")) == denied({"scope_missing"})
}

test_api_key_may_not_call_other_actions_even_with_the_scope if {
	decide(request(api_key(["users:create"]), "users:create")) == denied({"action_not_for_api_keys"})
	decide(request(api_key(["system:read"]), "system:read")) == denied({"action_not_for_api_keys"})
}

test_api_key_roles_are_ignored if {
	principal := object.union(api_key([]), {"roles": ["system_admin"]})
	decide(request(principal, "users:create")) == denied({"scope_missing", "action_not_for_api_keys"})
	decide(request_on(principal, "clients:read", other)) == denied({"scope_missing", "other_agency"})
}

# Trust network

test_agency_not_active_is_denied if {
	every agency in [
		"c0000000-0000-4000-8000-00000000000c",
		suspended,
		"e0000000-0000-4000-8000-00000000000e",
		"f0000000-0000-4000-8000-00000000000f",
	] {
		case_manager := object.union(user(["case_manager"]), {"agency_id": agency})
		decide(request(case_manager, "clients:read")) == denied({"agency_not_active"})
	}
}

test_system_admin_of_a_suspended_agency_is_denied if {
	admin := object.union(user(["system_admin"]), {"agency_id": suspended})
	decide(request(admin, "system:read")) == denied({"agency_not_active"})
}

test_api_key_of_a_suspended_agency_is_denied if {
	key := object.union(api_key(["clients:read"]), {"agency_id": suspended})
	decide(request(key, "clients:read")) == denied({"agency_not_active"})
}

test_without_network_data_everyone_is_denied if {
	empty := {}
	decision := authz.decision
		with input.principal as user(["system_admin"])
		with input.action as "clients:read"
		with data.network as empty
	decision == denied({"agency_not_active"})
}

test_active_agency_is_allowed if {
	decide(request(user(["ces_user"]), "clients:read")) == allowed
}

# Ownership

test_other_agencys_resource_is_denied if {
	decide(request_on(user(["case_manager"]), "clients:read", other)) == denied({"other_agency"})
	decide(request_on(api_key(["clients:read"]), "clients:read", other)) == denied({"other_agency"})
}

test_other_agency_reason_adds_to_others if {
	decision := decide(request_on(user(["report_viewer"]), "clients:read", other))
	decision == denied({"role_not_permitted", "other_agency"})
}

test_own_agencys_resource_is_allowed if {
	decide(request_on(user(["case_manager"]), "clients:read", own)) == allowed
	decide(request_on(api_key(["clients:read"]), "clients:read", own)) == allowed
}

test_resource_without_owner_is_allowed if {
	decide(request_on(user(["case_manager"]), "clients:create", null)) == allowed
}

test_system_admin_may_reach_other_agencies_non_client_resources if {
	req := object.union(request_on(user(["system_admin"]), "users:read", other), {"resource": {"type": "user", "id": null, "agency_id": other}})
	decide(req) == allowed
}

# Break glass

test_system_admin_needs_a_break_glass_reason_for_another_agencys_client if {
	decide(request_on(user(["system_admin"]), "clients:read", other)) == denied({"break_glass_reason_required"})
	unknown := object.union(request_on(user(["system_admin"]), "clients:read", other), {"break_glass_reason": "curious"})
	decide(unknown) == denied({"break_glass_reason_required"})
}

test_system_admin_with_a_break_glass_reason_reaches_the_client if {
	req := object.union(request_on(user(["system_admin"]), "clients:read", other), {"break_glass_reason": "client_emergency"})
	decide(req) == allowed
}

test_break_glass_is_for_the_hmis_lead_only if {
	req := object.union(request_on(user(["case_manager"]), "clients:read", other), {"break_glass_reason": "client_emergency"})
	decide(req) == denied({"other_agency"})
}

# Consent

consent(type, overrides) := object.union({
	"consent_id": "c1", "type": type, "scope": ["profile"], "released_to": [],
	"start_date": "2026-01-01", "end_date": "2026-12-31", "revoked_on": null,
}, overrides)

client_read(principal, consents) := {
	"principal": principal, "action": "clients:read",
	"resource": {"type": "client", "id": "x", "agency_id": other, "consents": consents},
	"purpose": null, "break_glass_reason": null,
}

shared := {"allow": true, "reasons": set(), "consents": {"c1"}}

test_active_hmis_sharing_consent_lets_another_agency_read if {
	decide(client_read(user(["case_manager"]), [consent("hmis_sharing", {})])) == shared
}

test_consent_out_of_force_shares_nothing if {
	every overrides in [{"end_date": "2026-11-22"}, {"start_date": "2026-11-24"}, {"revoked_on": "2026-06-01"}] {
		decide(client_read(user(["case_manager"]), [consent("hmis_sharing", overrides)])) == denied({"other_agency"})
	}
}

test_consent_in_force_on_its_first_and_last_day if {
	decide(client_read(user(["case_manager"]), [consent("hmis_sharing", {"start_date": today})])) == shared
	decide(client_read(user(["case_manager"]), [consent("hmis_sharing", {"end_date": today})])) == shared
}

test_consent_shares_only_the_parts_in_its_scope if {
	decide(client_read(user(["case_manager"]), [consent("hmis_sharing", {"scope": ["services"]})])) == denied({"other_agency"})
}

test_release_of_information_shares_with_the_named_agencies_only if {
	named := consent("roi", {"released_to": [own]})
	decide(client_read(user(["case_manager"]), [named])) == shared
	elsewhere := consent("roi", {"released_to": [suspended]})
	decide(client_read(user(["case_manager"]), [elsewhere])) == denied({"other_agency"})
}

test_cie_consent_is_for_partner_systems_only if {
	decide(client_read(api_key(["clients:read"]), [consent("cie", {})])) == shared
	decide(client_read(user(["case_manager"]), [consent("cie", {})])) == denied({"other_agency"})
	decide(client_read(api_key(["clients:read"]), [consent("hmis_sharing", {})])) == denied({"other_agency"})
}

test_consent_lets_another_agency_read_not_write if {
	req := object.union(client_read(user(["case_manager"]), [consent("hmis_sharing", {})]), {"action": "consents:write"})
	decide(req) == denied({"other_agency"})
}

test_consent_is_no_reason_on_the_own_agencys_client if {
	req := object.union(client_read(user(["case_manager"]), [consent("hmis_sharing", {})]), {"resource": {"type": "client", "id": "x", "agency_id": own, "consents": [consent("hmis_sharing", {})]}})
	decide(req) == allowed
}

# Self service

test_any_user_may_see_itself_and_end_its_session if {
	every action in ["session:read", "session:end"] {
		decide(request(user([]), action)) == allowed
	}
}

test_api_key_may_see_itself_without_a_scope if {
	decide(request(api_key([]), "session:read")) == allowed
}

test_self_service_still_needs_an_active_agency if {
	decide(request({"kind": "user", "id": "u", "agency_id": suspended, "roles": [], "scopes": []}, "session:read")) == denied({"agency_not_active"})
}

test_mfa_enrollment_is_self_service if {
	decide(request(object.union(user(["agency_admin"]), {"mfa": false}), "mfa:enroll")) == allowed
}

# Second factor

test_administrator_without_second_factor_is_denied if {
	every role in ["system_admin", "agency_admin"] {
		admin := object.union(user([role]), {"mfa": false})
		decide(request(admin, "clients:read")) == denied({"mfa_required"})
	}
}

test_administrator_with_second_factor_is_allowed if {
	decide(request(user(["agency_admin"]), "users:read")) == allowed
}

test_non_administrator_needs_no_second_factor if {
	decide(request(object.union(user(["case_manager"]), {"mfa": false}), "clients:read")) == allowed
}

# Licenses and training

test_user_without_active_license_is_denied if {
	every status in ["none", "requested", "deactivated"] {
		decide_with(request(user(["case_manager"]), "clients:read"), with_facts({"license": status})) == denied({"license_inactive"})
	}
}

test_user_the_policy_data_does_not_know_is_denied if {
	stranger := object.union(user(["case_manager"]), {"id": "99999999-0000-4000-8000-000000000009"})
	decide(request(stranger, "clients:read")) == denied({"license_inactive", "training_overdue"})
}

test_user_behind_on_mandatory_training_is_denied if {
	decide_with(request(user(["case_manager"]), "clients:create"), with_facts({"mandatory_current": false})) == denied({"training_overdue"})
}

test_unlicensed_user_may_still_take_training if {
	facts := with_facts({"license": "requested", "mandatory_current": false})
	decide_with(request(user(["case_manager"]), "training:self"), facts) == allowed
	decide_with(request(user(["case_manager"]), "session:read"), facts) == allowed
}

test_system_admin_is_not_gated_by_license_or_training if {
	facts := with_facts({"license": "none", "mandatory_current": false})
	decide_with(request(user(["system_admin"]), "training:manage"), facts) == allowed
}

test_ces_data_needs_the_ces_training if {
	decide(request(user(["ces_user"]), "ces:read")) == denied({"ces_training_missing"})
	decide_with(request(user(["ces_user"]), "ces:read"), with_facts({"ces_workflow": true})) == allowed
}

# Granting roles

users_create(roles, owner) := {
	"principal": user(["agency_admin"]), "action": "users:create",
	"resource": {"type": "user", "id": null, "agency_id": owner, "roles": roles},
	"purpose": null, "break_glass_reason": null,
}

test_agency_admin_grants_roles_up_to_their_own if {
	decide(users_create(["case_manager", "agency_admin"], own)) == allowed
}

test_agency_admin_cannot_grant_lead_roles if {
	decide(users_create(["system_admin"], own)) == denied({"role_not_grantable"})
	decide(users_create(["case_manager", "compliance_officer"], own)) == denied({"role_not_grantable"})
}

test_agency_admin_cannot_create_users_in_another_agency if {
	decide(users_create(["case_manager"], other)) == denied({"other_agency"})
}

test_system_admin_grants_any_role if {
	req := object.union(users_create(["compliance_officer", "system_admin"], other), {"principal": user(["system_admin"])})
	decide(req) == allowed
}

# Victim service providers

test_victim_service_providers_records_are_never_shared if {
	req := client_read(user(["case_manager"]), [consent("hmis_sharing", {})])
	vsp := object.union(req, {"resource": object.union(req.resource, {"victim_service_provider": true})})
	decision := decide(vsp)
	decision.allow == false
	"victim_service_provider" in decision.reasons
	glass := object.union(vsp, {"principal": user(["system_admin"]), "break_glass_reason": "client_emergency"})
	broken := decide(glass)
	broken.allow == false
	broken.reasons == {"victim_service_provider"}
}

test_a_victim_service_provider_reads_its_own_records if {
	req := object.union(client_read(user(["case_manager"]), []), {"resource": {"type": "client", "id": "x", "agency_id": own, "consents": [], "victim_service_provider": true}})
	decide(req) == allowed
}

# Enrollments: another agency reads them under a consent covering enrollments, never writes them.

enrollment_read(principal, consents) := {
	"principal": principal, "action": "enrollments:read",
	"resource": {"type": "enrollment", "id": "e", "agency_id": other, "consents": consents},
	"purpose": null, "break_glass_reason": null,
}

test_enrollments_are_read_under_a_consent_covering_enrollments if {
	scoped := consent("hmis_sharing", {"scope": ["profile", "enrollments"]})
	decide(enrollment_read(user(["case_manager"]), [scoped])) == shared
	decide(enrollment_read(user(["ces_user"]), [scoped])) == shared
}

test_a_consent_without_enrollments_shares_no_enrollment if {
	decide(enrollment_read(user(["case_manager"]), [consent("hmis_sharing", {})])) == denied({"other_agency"})
	decide(enrollment_read(user(["case_manager"]), [])) == denied({"other_agency"})
}

test_a_consent_covering_enrollments_lets_no_one_write_them if {
	scoped := consent("hmis_sharing", {"scope": ["enrollments"]})
	req := object.union(enrollment_read(user(["case_manager"]), [scoped]), {"action": "enrollments:create"})
	decide(req) == denied({"other_agency"})
}

test_the_hmis_lead_reads_another_agencys_enrollment_only_by_breaking_the_glass if {
	decide(enrollment_read(user(["system_admin"]), [])) == denied({"break_glass_reason_required"})
	glass := object.union(enrollment_read(user(["system_admin"]), []), {"break_glass_reason": "client_emergency"})
	decide(glass) == allowed
}

test_enrollment_reads_need_a_role_that_reads_them if {
	decide(request(user(["report_viewer"]), "enrollments:read")) == denied({"role_not_permitted"})
	decide(request(api_key(["enrollments:read"]), "enrollments:read")) == denied({"action_not_for_api_keys"})
	every role in ["agency_admin", "case_manager", "ces_user"] {
		decide(request(user([role]), "enrollments:read")) == allowed
	}
}

# Project descriptors: the HMIS lead sets up organizations and links each to the agency running it; an
# agency administrator manages its own organizations' projects.

project_request(principal, action, owner) := {
	"principal": principal, "action": action,
	"resource": {"type": "project", "id": "p", "agency_id": owner},
	"purpose": null, "break_glass_reason": null,
}

test_only_the_hmis_lead_manages_organizations if {
	decide(project_request(user(["system_admin"]), "organizations:manage", null)) == allowed
	decide(project_request(user(["system_admin"]), "organizations:manage", other)) == allowed
	decide(project_request(user(["agency_admin"]), "organizations:manage", own)) == denied({"role_not_permitted"})
}

test_an_agency_admin_manages_its_own_agencys_projects_only if {
	decide(project_request(user(["agency_admin"]), "projects:manage", own)) == allowed
	decide(project_request(user(["agency_admin"]), "projects:manage", other)) == denied({"other_agency"})
	decide(project_request(user(["system_admin"]), "projects:manage", other)) == allowed
}

test_case_workers_read_projects_but_do_not_manage_them if {
	decide(project_request(user(["case_manager"]), "projects:read", own)) == allowed
	decide(project_request(user(["case_manager"]), "projects:manage", own)) == denied({"role_not_permitted"})
	decide(project_request(user(["case_manager"]), "projects:read", other)) == denied({"other_agency"})
	decide(project_request(user(["report_viewer"]), "projects:read", own)) == allowed
}

# De-duplication (clients:merge): a pair of client records belongs to the agencies holding its two records;
# an agency administrator acts on their own agency's pairs, the HMIS lead on any.

pair_request(principal, agency_ids) := {
	"principal": principal, "action": "clients:merge",
	"resource": {"type": "client_match_review", "id": "r", "agency_id": null, "agency_ids": agency_ids},
	"purpose": null, "break_glass_reason": null,
}

test_an_agency_admin_acts_on_pairs_of_its_own_agencys_records_only if {
	decide(pair_request(user(["agency_admin"]), [own])) == allowed
	decide(pair_request(user(["agency_admin"]), [own, other])) == denied({"other_agency"})
	decide(pair_request(user(["agency_admin"]), [other])) == denied({"other_agency"})
}

test_only_the_hmis_lead_lists_every_agencys_pairs if {
	decide(pair_request(user(["agency_admin"]), [])) == denied({"other_agency"})
	decide(pair_request(user(["system_admin"]), [])) == allowed
}

test_the_hmis_lead_acts_on_any_pair_without_breaking_the_glass if {
	decide(pair_request(user(["system_admin"]), [own, other])) == allowed
	decide(pair_request(user(["system_admin"]), [other])) == allowed
}

test_case_workers_and_partner_keys_neither_merge_nor_split if {
	decide(pair_request(user(["case_manager"]), [own])) == denied({"role_not_permitted"})
	decide(pair_request(api_key(["clients:merge"]), [own])) == denied({"action_not_for_api_keys"})
}

# Data-quality findings (data_quality:read): an agency's staff read their own agency's, the HMIS lead any
# agency's or every agency's at once, without breaking the glass.

findings_request(principal, agency_ids) := {
	"principal": principal, "action": "data_quality:read",
	"resource": {"type": "data_quality_findings", "id": null, "agency_id": null, "agency_ids": agency_ids},
	"purpose": null, "break_glass_reason": null,
}

test_agency_staff_read_their_own_agencys_findings_only if {
	decide(findings_request(user(["agency_admin"]), [own])) == allowed
	decide(findings_request(user(["case_manager"]), [own])) == allowed
	decide(findings_request(user(["report_viewer"]), [own])) == allowed
	decide(findings_request(user(["agency_admin"]), [other])) == denied({"other_agency"})
	decide(findings_request(user(["case_manager"]), [])) == denied({"other_agency"})
}

test_the_hmis_lead_reads_every_agencys_findings if {
	decide(findings_request(user(["system_admin"]), [])) == allowed
	decide(findings_request(user(["system_admin"]), [other])) == allowed
}

test_findings_are_not_for_ces_users_compliance_officers_or_partner_keys if {
	decide(findings_request(user(["ces_user"]), [own])) == denied({"role_not_permitted"})
	decide(findings_request(user(["compliance_officer"]), [own])) == denied({"role_not_permitted"})
	decide(findings_request(api_key(["data_quality:read"]), [own])) == denied({"action_not_for_api_keys"})
}

# HUD reports: agency administrators and report viewers run reports and drill down into their own agency's
# members; the HMIS lead into every agency's; case managers, CES users and partner keys see counts only.

drill_down_request(principal, agency_ids) := {
	"principal": principal, "action": "reports:drill_down",
	"resource": {"type": "report_run", "id": "r1", "agency_id": null, "agency_ids": agency_ids},
	"purpose": null, "break_glass_reason": null,
}

run_request(principal) := {
	"principal": principal, "action": "reports:run",
	"resource": {"type": "report_run", "id": null, "agency_id": own},
	"purpose": null, "break_glass_reason": null,
}

test_agency_staff_drill_down_into_their_own_agencys_members_only if {
	decide(drill_down_request(user(["agency_admin"]), [own])) == allowed
	decide(drill_down_request(user(["report_viewer"]), [own])) == allowed
	decide(drill_down_request(user(["report_viewer"]), [other])) == denied({"other_agency"})
	decide(drill_down_request(user(["agency_admin"]), [])) == denied({"other_agency"})
}

test_the_hmis_lead_drills_down_into_every_agencys_members if {
	decide(drill_down_request(user(["system_admin"]), [])) == allowed
}

test_counts_only_for_case_managers_ces_users_and_partner_keys if {
	decide(drill_down_request(user(["case_manager"]), [own])) == denied({"role_not_permitted"})
	decide(drill_down_request(user(["ces_user"]), [own])) == denied({"role_not_permitted"})
	decide(drill_down_request(api_key(["reports:read"]), [own])) == denied({"scope_missing", "action_not_for_api_keys"})
}

test_report_viewers_agency_administrators_and_the_lead_run_reports if {
	decide(run_request(user(["report_viewer"]))) == allowed
	decide(run_request(user(["agency_admin"]))) == allowed
	decide(run_request(user(["system_admin"]))) == allowed
	decide(run_request(user(["case_manager"]))) == denied({"role_not_permitted"})
	decide(run_request(api_key(["reports:read"]))) == denied({"scope_missing", "action_not_for_api_keys"})
}

# Users and partner keys looked up by name (id, name, agency): the compliance officer and the HMIS lead only.

lookup_request(principal) := {
	"principal": principal, "action": "principals:lookup",
	"resource": {"type": "principals", "id": null, "agency_id": null},
	"purpose": null, "break_glass_reason": null,
}

test_compliance_officers_and_the_lead_look_users_up_by_name if {
	decide(lookup_request(user(["compliance_officer"]))) == allowed
	decide(lookup_request(user(["system_admin"]))) == allowed
}

test_no_one_else_looks_users_up_by_name if {
	decide(lookup_request(user(["case_manager"]))) == denied({"role_not_permitted"})
	decide(lookup_request(user(["agency_admin"]))) == denied({"role_not_permitted"})
	decide(lookup_request(user(["report_viewer"]))) == denied({"role_not_permitted"})
	decide(lookup_request(api_key(["principals:lookup"]))) == denied({"action_not_for_api_keys"})
	decide_with(lookup_request(user(["compliance_officer"])), with_facts({"license": "requested"})) == denied({"license_inactive"})
}

# Agencies looked up by name (id and name): whoever records consents, to name the agencies a release goes to.

agency_lookup_request(principal) := {
	"principal": principal, "action": "agencies:lookup",
	"resource": {"type": "agencies", "id": null, "agency_id": null},
	"purpose": null, "break_glass_reason": null,
}

test_those_who_record_consents_look_agencies_up_by_name if {
	decide(agency_lookup_request(user(["case_manager"]))) == allowed
	decide(agency_lookup_request(user(["agency_admin"]))) == allowed
	decide(agency_lookup_request(user(["system_admin"]))) == allowed
}

test_no_one_else_looks_agencies_up_by_name if {
	decide(agency_lookup_request(user(["report_viewer"]))) == denied({"role_not_permitted"})
	decide(agency_lookup_request(user(["ces_user"]))) == denied({"role_not_permitted"})
	decide(agency_lookup_request(user(["compliance_officer"]))) == denied({"role_not_permitted"})
	decide(agency_lookup_request(api_key(["agencies:lookup"]))) == denied({"action_not_for_api_keys"})
	decide_with(agency_lookup_request(user(["case_manager"])), with_facts({"license": "requested"})) == denied({"license_inactive"})
	decide_with(agency_lookup_request(user(["case_manager"])), with_facts({"mandatory_current": false})) == denied({"training_overdue"})
}

# The list of report runs: each agency lists the runs its people asked for; the HMIS lead every agency's.

runs_list_request(principal, agency_ids) := {
	"principal": principal, "action": "reports:read",
	"resource": {"type": "report_runs", "id": null, "agency_id": null, "agency_ids": agency_ids},
	"purpose": null, "break_glass_reason": null,
}

test_readers_of_reports_list_their_own_agencys_report_runs_only if {
	decide(runs_list_request(user(["report_viewer"]), [own])) == allowed
	decide(runs_list_request(user(["agency_admin"]), [own])) == allowed
	decide(runs_list_request(api_key(["reports:read"]), [own])) == allowed
	decide(runs_list_request(user(["report_viewer"]), [other])) == denied({"other_agency"})
	decide(runs_list_request(user(["agency_admin"]), [])) == denied({"other_agency"})
	decide(runs_list_request(api_key(["reports:read"]), [])) == denied({"other_agency"})
	decide(runs_list_request(user(["case_manager"]), [own])) == denied({"role_not_permitted"})
}

test_the_hmis_lead_lists_every_agencys_report_runs_or_one_agencys if {
	decide(runs_list_request(user(["system_admin"]), [])) == allowed
	decide(runs_list_request(user(["system_admin"]), [other])) == allowed
}

referral(parties) := {"type": "ces_referral", "id": "r1", "agency_id": null, "parties": parties}

with_ces := with_facts({"ces_workflow": true})

test_every_ces_action_needs_the_ces_training if {
	every action in ["ces:read", "ces:assess", "ces:respond"] {
		decide(request(user(["case_manager"]), action)) == denied({"ces_training_missing"})
	}
	decide(request(user(["ces_user"]), "ces:manage")) == denied({"ces_training_missing"})
	decide_with(request(user(["ces_user"]), "ces:manage"), with_ces) == allowed
}

test_only_the_ces_team_manages_ces if {
	decide_with(request(user(["case_manager"]), "ces:manage"), with_ces) == denied({"role_not_permitted"})
	decide_with(request(user(["agency_admin"]), "ces:manage"), with_ces) == denied({"role_not_permitted"})
	decide_with(request(user(["case_manager"]), "ces:assess"), with_ces) == allowed
	decide_with(request(user(["report_viewer"]), "ces:read"), with_ces) == denied({"role_not_permitted"})
}

test_a_referral_is_its_two_agencies_and_the_ces_teams if {
	provider := object.union(request(user(["case_manager"]), "ces:respond"), {"resource": referral([own, other])})
	decide_with(provider, with_ces) == allowed
	stranger := object.union(request(user(["case_manager"]), "ces:respond"), {"resource": referral([other])})
	decide_with(stranger, with_ces) == denied({"not_party_to_referral"})
	team := object.union(request(user(["ces_user"]), "ces:respond"), {"resource": referral([other])})
	decide_with(team, with_ces) == allowed
}

test_the_ces_team_reaches_any_agencys_openings_but_others_only_their_own if {
	opening := {"type": "ces_opening", "id": "o1", "agency_id": other}
	team := object.union(request(user(["ces_user"]), "ces:manage"), {"resource": opening})
	decide_with(team, with_ces) == allowed
	worker := object.union(request(user(["case_manager"]), "ces:respond"), {"resource": opening})
	decide_with(worker, with_ces) == denied({"other_agency"})
}

test_a_notice_is_its_owners_agencys_and_the_ces_teams if {
	notice := {"type": "ces_notice", "id": "n1", "agency_id": other}
	owner := object.union(request(user(["case_manager"]), "ces:respond"), {"resource": object.union(notice, {"agency_id": own})})
	decide_with(owner, with_ces) == allowed
	stranger := object.union(request(user(["case_manager"]), "ces:respond"), {"resource": notice})
	decide_with(stranger, with_ces) == denied({"other_agency"})
	team := object.union(request(user(["ces_user"]), "ces:respond"), {"resource": notice})
	decide_with(team, with_ces) == allowed
}
