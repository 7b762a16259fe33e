// A signature drawn on screen with a pointer (mouse, pen or finger), or, for a keyboard, typed and drawn in a
// script face; either way the consent gets a PNG (data URL).
import { forwardRef, useImperativeHandle, useRef, useState } from "react";
import { Box, Button, Stack, TextField, Typography } from "@mui/material";

export interface SignaturePadHandle {
  image: () => string | null;   // the PNG as a data URL, or null when nothing is signed
}

const WIDTH = 480;
const HEIGHT = 160;

export const SignaturePad = forwardRef<SignaturePadHandle, { label: string }>(function SignaturePad({ label }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [signed, setSigned] = useState(false);
  const [typed, setTyped] = useState("");

  useImperativeHandle(ref, () => ({ image: () => (signed && canvas.current ? canvas.current.toDataURL("image/png") : null) }), [signed]);

  const context = () => canvas.current?.getContext("2d") ?? null;
  const at = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return [(event.clientX - box.left) * (WIDTH / box.width), (event.clientY - box.top) * (HEIGHT / box.height)] as const;
  };
  const start = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const pen = context();
    if (!pen) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = true;
    pen.lineWidth = 2.5;
    pen.lineCap = "round";
    pen.strokeStyle = "#111";
    pen.beginPath();
    pen.moveTo(...at(event));
  };
  const move = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const pen = context();
    if (!drawing.current || !pen) return;
    pen.lineTo(...at(event));
    pen.stroke();
    setSigned(true);
  };
  const clear = () => {
    context()?.clearRect(0, 0, WIDTH, HEIGHT);
    setSigned(false);
  };
  const drawTyped = () => {
    const pen = context();
    if (!pen || !typed.trim()) return;
    clear();
    pen.font = "italic 40px cursive";
    pen.fillStyle = "#111";
    pen.fillText(typed.trim(), 16, HEIGHT / 2 + 12);
    setSigned(true);
  };
  return (
    <Stack spacing={1}>
      <Typography id="signature-label" component="span">{label}</Typography>
      <Box component="canvas" ref={canvas} width={WIDTH} height={HEIGHT} role="img" aria-labelledby="signature-label"
        onPointerDown={start} onPointerMove={move} onPointerUp={() => { drawing.current = false; }}
        sx={{ border: 1, borderColor: "grey.500", borderRadius: 1, touchAction: "none", maxWidth: "100%", bgcolor: "#fff", cursor: "crosshair" }} />
      <Stack direction="row" spacing={1} alignItems="center">
        <TextField size="small" label="Or type the signature" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <Button onClick={drawTyped} disabled={!typed.trim()}>Sign with typed name</Button>
        <Button onClick={clear}>Clear the signature</Button>
      </Stack>
    </Stack>
  );
});
