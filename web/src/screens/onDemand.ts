// A screen loaded when first opened (React.lazy): its code stays out of the first bundle, which every role loads before
// its first screen (the client profile's time to interactive, docs/web.md). Each area's index names its screens so.
import { createElement, lazy, Suspense, type ComponentType, type ReactElement } from "react";
import { CircularProgress } from "@mui/material";

export function onDemand<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): ReactElement {
  const Loaded = lazy(() => load().then((module) => ({ default: pick(module) })));
  return createElement(Suspense, { fallback: createElement(CircularProgress, { "aria-label": "Loading" }) }, createElement(Loaded));
}
