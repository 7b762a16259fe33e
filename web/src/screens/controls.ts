// Policy actions that hide a control inside a screen (a button, a form), asked with the screens' own in the one
// GET /api/v1/auth/permissions of a sign-in. A screen using `useCan(action)` for a control lists its action here.
export const CONTROL_ACTIONS: string[] = [
  "clients:create", "clients:update", "consents:write", "enrollments:create", "enrollments:read", "consents:read",
  "data_quality:read",
  // agency administrators, the HMIS lead and reports (screens/admin, lead, reports)
  "users:create", "users:manage", "licenses:request", "licenses:approve", "agencies:contacts", "agencies:manage",
  "fees:manage", "projects:manage", "reports:run", "reports:drill_down", "agencies:create", "api_keys:create",
  "api_keys:manage",
  "ces:read", "ces:respond", "ces:manage",  // Coordinated Entry (screens/ces; ces:read: the header's notices)
];
