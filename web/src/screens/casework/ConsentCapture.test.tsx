import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { fakeGateway, permissions, renderScreen } from "../fakeGateway";
import { ConsentCapture } from "./ConsentCapture";

const HARBOR = { id: "0b6c1f9e-1111-4a2b-9c3d-222222222222", name: "Harbor Street Outreach" };
const HARBOR_FAMILY = { id: "5e1f0c2a-3333-4b4c-8d5e-444444444444", name: "Harbor Family Shelter" };
const BAYSIDE = { id: "7a2b3c4d-5555-4e6f-9a0b-666666666666", name: "Bayside Youth Services" };
const AGENCIES = [BAYSIDE, HARBOR_FAMILY, HARBOR];
let gateway: ReturnType<typeof fakeGateway>;

beforeEach(() => {  // jsdom draws nothing: a pen that does nothing, and a picture of it
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(
    { clearRect() {}, fillText() {} } as unknown as CanvasRenderingContext2D);
  vi.spyOn(HTMLCanvasElement.prototype, "toDataURL").mockReturnValue("data:image/png;base64,c2lnbmVk");
});
afterEach(() => { gateway.restore(); cleanup(); vi.restoreAllMocks(); });

function routes() {
  return {
    "GET /api/v1/auth/permissions": permissions(["consents:write"]),
    "GET /api/v1/agencies/names": (request: Request) => {
      const name = new URL(request.url).searchParams.get("name")!.toLowerCase();
      return AGENCIES.filter((agency) => agency.name.toLowerCase().includes(name));
    },
    "POST /api/v1/clients/c1/consents": (_request: Request, body: unknown) => ({ id: "k1", ...(body as object), status: "active" }),
  };
}

async function pick(typed: string, option: string) {
  const picker = screen.getByRole("combobox", { name: "Agencies released to" });
  picker.focus();  // as typing does
  fireEvent.change(picker, { target: { value: typed } });
  fireEvent.click(await screen.findByRole("option", { name: option }));
}

function sign(name: string) {
  fireEvent.change(screen.getByLabelText(/Name of the person signing/), { target: { value: name } });
  fireEvent.change(screen.getByLabelText("Or type the signature"), { target: { value: name } });
  fireEvent.click(screen.getByRole("button", { name: "Sign with typed name" }));
}

describe("ConsentCapture", () => {
  it("releases information to agencies picked by name, several, one removed again, sending their ids", async () => {
    gateway = fakeGateway(routes());
    renderScreen(<ConsentCapture clientId="c1" />);
    fireEvent.change(await screen.findByLabelText("Type"), { target: { value: "roi" } });
    expect(screen.queryByLabelText(/their ids/)).toBeNull();
    await pick("harb", "Harbor Street Outreach");
    expect(screen.queryByRole("option", { name: "Bayside Youth Services" })).toBeNull();  // the gateway matched them
    await pick("harb", "Harbor Family Shelter");
    await pick("bay", "Bayside Youth Services");
    const chosen = screen.getByRole("button", { name: "Harbor Family Shelter" });  // a chip, removable
    fireEvent.click(within(chosen).getByTestId("CancelIcon"));
    expect(screen.queryByRole("button", { name: "Harbor Family Shelter" })).toBeNull();
    sign("Jordan Client");
    fireEvent.click(screen.getByRole("button", { name: "Record the consent" }));
    expect(await screen.findByText("Consent recorded: active.")).toBeTruthy();
    const sent = gateway.requests.find((request) => request.method === "POST")!.body as Record<string, unknown>;
    expect(sent.type).toBe("roi");
    expect(sent.released_to).toEqual([HARBOR.id, BAYSIDE.id]);
    expect(gateway.requests.filter((request) => request.path === "/api/v1/agencies/names").map((request) => request.search))
      .toEqual(["?name=harb", "?name=bay"]);  // asked once typing paused; the second "harb" answered from what was found
  });

  it("asks for the agencies before a release is recorded, and sends none with another type of consent", async () => {
    gateway = fakeGateway(routes());
    renderScreen(<ConsentCapture clientId="c1" />);
    fireEvent.change(await screen.findByLabelText("Type"), { target: { value: "roi" } });
    sign("Jordan Client");
    fireEvent.click(screen.getByRole("button", { name: "Record the consent" }));
    expect(await screen.findByText("Choose the agencies the information is released to.")).toBeTruthy();
    expect(gateway.requests.filter((request) => request.method === "POST")).toEqual([]);
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "hmis_sharing" } });
    fireEvent.click(screen.getByRole("button", { name: "Record the consent" }));
    expect(await screen.findByText("Consent recorded: active.")).toBeTruthy();
    expect(gateway.requests.find((request) => request.method === "POST")!.body).not.toHaveProperty("released_to");
  });
});
