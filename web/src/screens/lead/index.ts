// The HMIS lead's screens, each loaded when first opened (onDemand).
import { onDemand } from "../onDemand";
import type { Screen } from "../types";

export const screens: Screen[] = [
  { path: "lead/network", title: "Trust network", permission: "agencies:manage", element: onDemand(() => import("./NetworkScreen"), (m) => m.NetworkScreen), nav: true },
  { path: "lead/organizations", title: "Organizations", permission: "organizations:manage", element: onDemand(() => import("./OrganizationsScreen"), (m) => m.OrganizationsScreen), nav: true },
  { path: "lead/training", title: "Training catalogue", permission: "training:manage", element: onDemand(() => import("./TrainingAdminScreen"), (m) => m.TrainingAdminScreen), nav: true },
  { path: "lead/decisions", title: "Decision log", permission: "decisions:read", element: onDemand(() => import("./DecisionLogScreen"), (m) => m.DecisionLogScreen), nav: true },
  { path: "lead/audit", title: "Audit trail", permission: "audit:read", element: onDemand(() => import("./AuditStatusScreen"), (m) => m.AuditStatusScreen), nav: true },
  { path: "lead/system", title: "Services' health", permission: "system:read", element: onDemand(() => import("./SystemScreen"), (m) => m.SystemScreen), nav: true },
];
