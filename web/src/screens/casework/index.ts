import { createElement } from "react";
import type { Screen } from "../types";
import { ClientProfile } from "./ClientProfile";
import { ClientSearchScreen } from "./ClientSearch";
import { BedNightsScreen } from "./BedNights";
import { AgencyFindings } from "./Findings";
import { NewClient } from "./NewClient";

// The case worker's screens (issue 15, item 2).
export const screens: Screen[] = [
  { path: "clients", title: "Find a client", permission: "clients:read", element: createElement(ClientSearchScreen) },
  { path: "clients/new", title: "New client", permission: "clients:create", element: createElement(NewClient), nav: false },
  { path: "clients/:clientId/*", title: "Client", permission: "clients:read", element: createElement(ClientProfile), nav: false },
  { path: "data-quality", title: "Data-quality findings", permission: "data_quality:read", element: createElement(AgencyFindings) },
  { path: "bed-nights", title: "Bed nights", permission: "enrollments:create", element: createElement(BedNightsScreen) },
];
