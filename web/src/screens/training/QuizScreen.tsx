// Taking a course's quiz (the Privacy & Security quiz by default): every question answered, scored on the server,
// passed at the course's pass mark (90% for Privacy & Security). Every attempt is kept; a failed one may be retaken.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Box, Button, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup } from "@mui/material";
import { useParams } from "react-router-dom";
import { api } from "../../api/client";
import { Heading } from "../parts";
import { ApiError } from "../../components/ApiError";
import { unwrap } from "../../api/useApi";

export const PRIVACY_SECURITY = "privacy_security_essentials";

export function QuizScreen({ courseCode }: { courseCode?: string }) {
  const params = useParams();
  const code = courseCode ?? params.course ?? PRIVACY_SECURITY;
  const queries = useQueryClient();
  const quiz = useQuery({ queryKey: ["quiz", code], queryFn: () => unwrap(api.GET("/api/v1/training/courses/{course_code}/quiz", { params: { path: { course_code: code } } })) });
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [unanswered, setUnanswered] = useState(false);
  const submit = useMutation({
    mutationFn: (chosen: number[]) => unwrap(api.POST("/api/v1/training/courses/{course_code}/quiz", { params: { path: { course_code: code } }, body: { answers: chosen } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["training", "status"] }),
  });
  const questions = quiz.data?.questions ?? [];
  const send = () => {
    const chosen = questions.map((_, index) => answers[index]);
    setUnanswered(chosen.some((answer) => answer === undefined));
    if (!chosen.some((answer) => answer === undefined)) submit.mutate(chosen);
  };
  const result = submit.data;
  return (
    <Box>
      <Heading>Quiz{code === PRIVACY_SECURITY ? ": Privacy & Security" : ""}</Heading>
      <ApiError error={quiz.error ?? submit.error} />
      {quiz.data && <p>Answer every question; {quiz.data.pass_mark}% or better passes.</p>}
      {questions.map((question, index) => (
        <FormControl key={question.position ?? index} component="fieldset" sx={{ display: "block", my: 2 }} error={unanswered && answers[index] === undefined}>
          <FormLabel component="legend">{index + 1}. {question.text}</FormLabel>
          <RadioGroup value={answers[index] ?? ""} onChange={(event) => setAnswers({ ...answers, [index]: Number(event.target.value) })}>
            {(question.options ?? []).map((option, choice) => <FormControlLabel key={choice} value={choice} control={<Radio />} label={option} />)}
          </RadioGroup>
        </FormControl>
      ))}
      {unanswered && <Alert severity="error" role="alert">Answer every question before submitting.</Alert>}
      {questions.length > 0 && <Button variant="contained" onClick={send} disabled={submit.isPending}>Submit answers</Button>}
      {result && (
        <Alert severity={result.passed ? "success" : "warning"} role="status" sx={{ mt: 2 }}>
          You scored {result.score}% ({result.pass_mark}% to pass): {result.passed ? "passed." : "not passed; read the material again and retake it."}
        </Alert>
      )}
    </Box>
  );
}
