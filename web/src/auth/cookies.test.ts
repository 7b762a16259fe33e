import { describe, expect, it } from "vitest";
import { isWrite, readCookie } from "./cookies";

describe("readCookie", () => {
  it("finds a cookie among others", () => {
    expect(readCookie("hmis_csrf", "a=1; hmis_csrf=abc%3D; b=2")).toBe("abc=");
  });
  it("is undefined when absent or only a prefix matches", () => {
    expect(readCookie("hmis_csrf", "hmis_csrf_old=1")).toBeUndefined();
    expect(readCookie("hmis_csrf", "")).toBeUndefined();
  });
});

describe("isWrite", () => {
  it("names the methods that carry the CSRF token", () => {
    expect(["post", "PUT", "PATCH", "DELETE"].every(isWrite)).toBe(true);
    expect(isWrite("GET")).toBe(false);
  });
});
