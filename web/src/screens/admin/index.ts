// The agency administrator's screens, each loaded when first opened (onDemand).
import { onDemand } from "../onDemand";
import type { Screen } from "../types";

export const screens: Screen[] = [
  { path: "admin/users", title: "Users", permission: "users:read", element: onDemand(() => import("./UsersScreen"), (m) => m.UsersScreen), nav: true },
  { path: "admin/agency", title: "Agency", permission: "agencies:contacts", element: onDemand(() => import("./AgencyScreen"), (m) => m.AgencyScreen), nav: true },
  { path: "admin/projects", title: "Projects", permission: "projects:read", element: onDemand(() => import("./ProjectsScreen"), (m) => m.ProjectsScreen), nav: true },
  { path: "admin/api-keys", title: "API keys", permission: "api_keys:read", element: onDemand(() => import("./ApiKeysScreen"), (m) => m.ApiKeysScreen), nav: true },
  { path: "admin/duplicates", title: "Duplicate review", permission: "clients:merge", element: onDemand(() => import("./DuplicatesScreen"), (m) => m.DuplicatesScreen), nav: true },
];
