import { Alert, Typography } from "@mui/material";
import { reasonInWords } from "../components/reasons";

export function Denied({ title, reasons }: { title: string; reasons: string[] }) {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>{title}</Typography>
      <Alert severity="info">
        You may not open this screen{reasons.length ? `: ${reasons.map(reasonInWords).join("; ")}` : ""}.
      </Alert>
    </>
  );
}
