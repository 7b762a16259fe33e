// A signed-in user's own sign-in: an authenticator app set up, and every session ended.
import { createElement } from "react";
import type { Screen } from "../types";
import { SignInSecurityScreen } from "./SignInSecurityScreen";

export const screens: Screen[] = [
  { path: "account/sign-in", title: "Sign-in and security", permission: "mfa:enroll", element: createElement(SignInSecurityScreen), nav: true },
];
