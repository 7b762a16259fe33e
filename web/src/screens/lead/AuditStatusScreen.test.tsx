import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { fakeGateway, renderScreen } from "../fakeGateway";
import { AuditStatusScreen } from "./AuditStatusScreen";

let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("AuditStatusScreen", () => {
  it("checks the chains only when asked, and says where one is broken", async () => {
    gateway = fakeGateway({
      "GET /api/v1/audit/verification": () => [
        { source: "clients", rows: 120, intact: true, broken_row: null, problem: null },
        { source: "consent", rows: 7, intact: false, broken_row: 8, problem: "its content does not match its hash (the row was changed)" },
      ],
    });
    renderScreen(<AuditStatusScreen />);
    const verify = await screen.findByRole("button", { name: "Verify now" });
    expect(gateway.requests.filter((request) => request.path === "/api/v1/audit/verification")).toHaveLength(0);
    fireEvent.click(verify);
    expect(await screen.findByText("broken at row 8")).toBeTruthy();
    expect(screen.getByText(/A chain is broken/)).toBeTruthy();
    expect(screen.getByText("intact")).toBeTruthy();
  });
});
