import { describe, expect, it } from "vitest";
import { profileOf } from "./api";

describe("profileOf", () => {
  it("names the client of a profile's address only", () => {
    const id = "0b6f8f3e-2a53-4f0e-9d4e-5f1c2a7b9c10";
    expect(profileOf(`/clients/${id}`)).toBe(id);
    expect(profileOf(`/clients/${id}/`)).toBe(id);
    expect(profileOf("/clients/new")).toBeUndefined();
    expect(profileOf(`/clients/${id}/consent`)).toBeUndefined();
    expect(profileOf(`/clients/${id}/enrollments/e1`)).toBeUndefined();
  });
});
