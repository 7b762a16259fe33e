// Coordinated Entry's screens (issue 16, item 9; docs/ces.md), each loaded when first opened (onDemand).
import { onDemand } from "../onDemand";
import type { Screen } from "../types";

export const screens: Screen[] = [
  { path: "ces/list", title: "Prioritization list", permission: "ces:read", element: onDemand(() => import("./PrioritizationList"), (m) => m.PrioritizationList) },
  { path: "ces/assess", title: "CES assessment", permission: "ces:assess", element: onDemand(() => import("./CesAssessment"), (m) => m.CesAssessment) },
  { path: "ces/openings", title: "Openings", permission: "ces:read", element: onDemand(() => import("./Openings"), (m) => m.Openings) },
  { path: "ces/referrals", title: "Referrals", permission: "ces:read", element: onDemand(() => import("./Referrals"), (m) => m.Referrals) },
  { path: "ces/notices", title: "Notices", permission: "ces:read", element: onDemand(() => import("./Notices"), (m) => m.Notices) },
  // The CES team's settings.
  { path: "ces/instruments", title: "Instruments", permission: "ces:manage", element: onDemand(() => import("./Instruments"), (m) => m.Instruments) },
  { path: "ces/policy", title: "Prioritization policy", permission: "ces:manage", element: onDemand(() => import("./PolicyEditor"), (m) => m.PolicyEditor) },
  { path: "ces/requirements", title: "Eligibility requirements", permission: "ces:manage", element: onDemand(() => import("./Requirements"), (m) => m.Requirements) },
  { path: "ces/referrals/:referralId", title: "Referral", permission: "ces:read", element: onDemand(() => import("./ReferralDetail"), (m) => m.ReferralDetail), nav: false },
];
export { NoticesBadge } from "./NoticesBadge";
