// The HMIS lead's screens.
import { createElement } from "react";
import type { Screen } from "../types";
import { AuditStatusScreen } from "./AuditStatusScreen";
import { DecisionLogScreen } from "./DecisionLogScreen";
import { NetworkScreen } from "./NetworkScreen";
import { OrganizationsScreen } from "./OrganizationsScreen";
import { SystemScreen } from "./SystemScreen";
import { TrainingAdminScreen } from "./TrainingAdminScreen";

export const screens: Screen[] = [
  { path: "lead/network", title: "Trust network", permission: "agencies:manage", element: createElement(NetworkScreen), nav: true },
  { path: "lead/organizations", title: "Organizations", permission: "organizations:manage", element: createElement(OrganizationsScreen), nav: true },
  { path: "lead/training", title: "Training catalogue", permission: "training:manage", element: createElement(TrainingAdminScreen), nav: true },
  { path: "lead/decisions", title: "Decision log", permission: "decisions:read", element: createElement(DecisionLogScreen), nav: true },
  { path: "lead/audit", title: "Audit trail", permission: "audit:read", element: createElement(AuditStatusScreen), nav: true },
  { path: "lead/system", title: "Services' health", permission: "system:read", element: createElement(SystemScreen), nav: true },
];
