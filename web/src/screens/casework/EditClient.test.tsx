import { afterEach, describe, expect, it } from "vitest";
import { cleanup, screen, waitFor } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { EditClient } from "./EditClient";
import type { Client } from "./api";

const CLIENT_FORM = { record: "Client", fields: [
  { name: "first_name", hud_name: "FirstName", label: "First name", kind: "text", required: false, not_future: false, rules: [] },
  { name: "ssn_data_quality", hud_name: "SSNDataQuality", label: "SSN data quality", kind: "choice", required: false,
    not_future: false, rules: [], options: [{ code: 1, label: "Full SSN reported" }, { code: 99, label: "Data not collected" }] },
] };
let gateway: ReturnType<typeof fakeGateway>;
afterEach(() => { gateway.restore(); cleanup(); });

describe("EditClient", () => {
  it("reached from a finding, names its field in words and puts the focus on it", async () => {
    gateway = fakeGateway({ "GET /api/v1/auth/permissions": permissions([]), "GET /api/v1/hud/forms/Client": () => CLIENT_FORM });
    renderScreen(<EditClient client={{ id: "c1", first_name: "Maria", ssn_data_quality: 99 } as Client} />,
      "/clients/c1/edit?field=SSNDataQuality");
    expect(await screen.findByText("A data-quality finding is about SSN data quality: correct it below.")).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.id).toBe("hud-ssn_data_quality"));
    expect((screen.getByLabelText("SSN data quality") as HTMLSelectElement).value).toBe("99");
    expect(gateway.requests.filter((request) => request.path === "/api/v1/hud/forms/Client")).toHaveLength(1);
  });
});
