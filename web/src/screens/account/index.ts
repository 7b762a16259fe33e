// A signed-in user's own sign-in: an authenticator app set up, and every session ended; loaded when first opened.
import { onDemand } from "../onDemand";
import type { Screen } from "../types";

export const screens: Screen[] = [
  { path: "account/sign-in", title: "Sign-in and security", permission: "mfa:enroll", element: onDemand(() => import("./SignInSecurityScreen"), (m) => m.SignInSecurityScreen), nav: true },
];
