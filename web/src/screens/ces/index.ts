// Coordinated Entry's screens (issue 16, item 9; docs/ces.md).
import { createElement } from "react";
import type { Screen } from "../types";
import { CesAssessment } from "./CesAssessment";
import { Instruments } from "./Instruments";
import { Notices } from "./Notices";
import { PolicyEditor } from "./PolicyEditor";
import { Openings } from "./Openings";
import { PrioritizationList } from "./PrioritizationList";
import { ReferralDetail } from "./ReferralDetail";
import { Referrals } from "./Referrals";
import { Requirements } from "./Requirements";

export const screens: Screen[] = [
  { path: "ces/list", title: "Prioritization list", permission: "ces:read", element: createElement(PrioritizationList) },
  { path: "ces/assess", title: "CES assessment", permission: "ces:assess", element: createElement(CesAssessment) },
  { path: "ces/openings", title: "Openings", permission: "ces:read", element: createElement(Openings) },
  { path: "ces/referrals", title: "Referrals", permission: "ces:read", element: createElement(Referrals) },
  { path: "ces/notices", title: "Notices", permission: "ces:read", element: createElement(Notices) },
  // The CES team's settings.
  { path: "ces/instruments", title: "Instruments", permission: "ces:manage", element: createElement(Instruments) },
  { path: "ces/policy", title: "Prioritization policy", permission: "ces:manage", element: createElement(PolicyEditor) },
  { path: "ces/requirements", title: "Eligibility requirements", permission: "ces:manage", element: createElement(Requirements) },
  { path: "ces/referrals/:referralId", title: "Referral", permission: "ces:read", element: createElement(ReferralDetail), nav: false },
];
export { NoticesBadge } from "./NoticesBadge";
