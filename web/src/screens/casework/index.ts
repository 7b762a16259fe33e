import type { Screen } from "../types";

// The case worker's screens (issue 15, item 2).
export const screens: Screen[] = [];
