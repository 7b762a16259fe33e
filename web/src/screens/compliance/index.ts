// The compliance officer's screens: loaded when first opened (React.lazy), so the audit tables and the user picker
// (MUI's Autocomplete, with its popper) stay out of the first bundle, which every role loads.
import { createElement, lazy, Suspense, type ComponentType } from "react";
import { CircularProgress } from "@mui/material";
import type { Screen } from "../types";

type ScreenName = "ClientAccessScreen" | "UserAccessScreen" | "BreakGlassScreen" | "InvalidConsentScreen";

function onDemand(name: ScreenName) {
  const Loaded = lazy(() => import("./ComplianceScreens").then((module) => ({ default: module[name] as ComponentType })));
  return createElement(Suspense, { fallback: createElement(CircularProgress, { "aria-label": "Loading" }) }, createElement(Loaded));
}

export const screens: Screen[] = [
  { path: "compliance/client", title: "Who saw a client", permission: "audit:read", element: onDemand("ClientAccessScreen"), nav: true },
  { path: "compliance/user", title: "A user's accesses", permission: "audit:read", element: onDemand("UserAccessScreen"), nav: true },
  { path: "compliance/break-glass", title: "Break-glass reads", permission: "audit:read", element: onDemand("BreakGlassScreen"), nav: true },
  { path: "compliance/invalid-consent", title: "Invalid consent", permission: "audit:read", element: onDemand("InvalidConsentScreen"), nav: true },
];
