// The compliance officer's screens.
import { createElement } from "react";
import type { Screen } from "../types";
import { BreakGlassScreen, ClientAccessScreen, InvalidConsentScreen, UserAccessScreen } from "./ComplianceScreens";

export const screens: Screen[] = [
  { path: "compliance/client", title: "Who saw a client", permission: "audit:read", element: createElement(ClientAccessScreen), nav: true },
  { path: "compliance/user", title: "A user's accesses", permission: "audit:read", element: createElement(UserAccessScreen), nav: true },
  { path: "compliance/break-glass", title: "Break-glass reads", permission: "audit:read", element: createElement(BreakGlassScreen), nav: true },
  { path: "compliance/invalid-consent", title: "Invalid consent", permission: "audit:read", element: createElement(InvalidConsentScreen), nav: true },
];
