// The agency administrator's screens.
import { createElement } from "react";
import type { Screen } from "../types";
import { AgencyScreen } from "./AgencyScreen";
import { ApiKeysScreen } from "./ApiKeysScreen";
import { DuplicatesScreen } from "./DuplicatesScreen";
import { ProjectsScreen } from "./ProjectsScreen";
import { UsersScreen } from "./UsersScreen";

export const screens: Screen[] = [
  { path: "admin/users", title: "Users", permission: "users:read", element: createElement(UsersScreen), nav: true },
  { path: "admin/agency", title: "Agency", permission: "agencies:contacts", element: createElement(AgencyScreen), nav: true },
  { path: "admin/projects", title: "Projects", permission: "projects:read", element: createElement(ProjectsScreen), nav: true },
  { path: "admin/api-keys", title: "API keys", permission: "api_keys:read", element: createElement(ApiKeysScreen), nav: true },
  { path: "admin/duplicates", title: "Duplicate review", permission: "clients:merge", element: createElement(DuplicatesScreen), nav: true },
];
