// HUD reports: loaded when first opened (React.lazy), so the tables and drill-down stay out of the first bundle.
import { createElement, lazy, Suspense } from "react";
import { CircularProgress } from "@mui/material";
import type { Screen } from "../types";

const ReportsScreen = lazy(() => import("./ReportsScreen").then((module) => ({ default: module.ReportsScreen })));

export const screens: Screen[] = [
  { path: "reports", title: "HUD reports", permission: "reports:read", nav: true,
    element: createElement(Suspense, { fallback: createElement(CircularProgress, { "aria-label": "Loading" }) }, createElement(ReportsScreen)) },
];
