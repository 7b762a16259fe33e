// A refusal or failure from the gateway in words: its message, the policy's reasons, and each field's rule.
import { Alert, AlertTitle } from "@mui/material";
import { ApiFailure, fieldErrors } from "../api/useApi";
import { reasonInWords } from "./reasons";

const TITLES: Record<number, string> = {
  400: "The request was not understood",
  403: "Not allowed",
  404: "Not found",
  409: "This conflicts with what is recorded",
  422: "Please correct the form",
  429: "Too many attempts",
  503: "A service is not answering; try again shortly",
};

export function ApiError({ error }: { error: unknown }) {
  if (!error) return null;
  if (!(error instanceof ApiFailure)) {
    return <Alert severity="error" role="alert">The server could not be reached; try again shortly.</Alert>;
  }
  const { status, body } = error;
  const reasons = status === 403 ? body.reasons ?? [] : [];
  const fields = Object.entries(fieldErrors(error));
  return (
    <Alert severity={status >= 500 ? "warning" : "error"} role="alert">
      <AlertTitle>{TITLES[status] ?? `The server answered ${status}`}</AlertTitle>
      {reasons.length > 0
        ? <>You may not do this: {reasons.map(reasonInWords).join("; ")}.</>
        : body.message}
      {fields.length > 0 && (
        <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
          {fields.map(([field, rules]) => <li key={field}>{field.replace(/_/g, " ").replace(/\./g, " ")}: {rules.join("; ")}</li>)}
        </ul>
      )}
    </Alert>
  );
}
