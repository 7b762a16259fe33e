// HUD reports: loaded when first opened (onDemand), so the tables and drill-down stay out of the first bundle.
import { onDemand } from "../onDemand";
import type { Screen } from "../types";

export const screens: Screen[] = [
  { path: "reports", title: "HUD reports", permission: "reports:read", nav: true,
    element: onDemand(() => import("./ReportsScreen"), (m) => m.ReportsScreen) },
];
