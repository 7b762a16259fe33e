// The policy's reason codes (gateway/policies/authz.rego) in words, for denials and hidden controls.
const REASONS: Record<string, string> = {
  unknown_action: "the gateway does not know this action",
  unknown_principal: "the gateway does not know who you are",
  role_not_permitted: "your role does not allow it",
  scope_missing: "your API key's scope does not cover it",
  action_not_for_api_keys: "an API key cannot do this; a person must",
  agency_not_active: "your agency is not active in the network (suspended or not yet approved)",
  mfa_required: "your role needs a second factor: set up an authenticator and sign in with its code",
  license_inactive: "your user license is not active",
  training_overdue: "your Privacy & Security training is overdue",
  ces_training_missing: "you have not completed Coordinated Entry training",
  not_party_to_referral: "the referral is between two other agencies",
  role_not_grantable: "your role cannot grant that role",
  other_agency: "the record belongs to another agency and no consent in force shares it with yours",
  victim_service_provider: "a victim service provider's records are never shared",
  break_glass_reason_required: "reading another agency's record in an emergency needs a stated reason",
};

export function reasonInWords(code: string): string {
  return REASONS[code] ?? code.replace(/_/g, " ");
}
