import type { Screen } from "../types";

// The reports screens (issue 15); each one's route, title and permission, as docs/web.md describes.
export const screens: Screen[] = [];
