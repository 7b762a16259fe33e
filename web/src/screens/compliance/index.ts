// The compliance officer's screens: loaded when first opened (React.lazy), so the audit tables and the user picker
// (MUI's Autocomplete, with its popper) stay out of the first bundle, which every role loads.
import type { ComponentType } from "react";
import { onDemand } from "../onDemand";
import type { Screen } from "../types";

type ScreenName = "ClientAccessScreen" | "UserAccessScreen" | "BreakGlassScreen" | "InvalidConsentScreen";

function screen(name: ScreenName) {
  return onDemand(() => import("./ComplianceScreens"), (module) => module[name] as ComponentType);
}

export const screens: Screen[] = [
  { path: "compliance/client", title: "Who saw a client", permission: "audit:read", element: screen("ClientAccessScreen"), nav: true },
  { path: "compliance/user", title: "A user's accesses", permission: "audit:read", element: screen("UserAccessScreen"), nav: true },
  { path: "compliance/break-glass", title: "Break-glass reads", permission: "audit:read", element: screen("BreakGlassScreen"), nav: true },
  { path: "compliance/invalid-consent", title: "Invalid consent", permission: "audit:read", element: screen("InvalidConsentScreen"), nav: true },
];
