// A user's own training: status, sessions and quizzes.
import { createElement } from "react";
import type { Screen } from "../types";
import { QuizScreen } from "./QuizScreen";
import { TrainingScreen } from "./TrainingScreen";

export const screens: Screen[] = [
  { path: "training", title: "My training", permission: "training:self", element: createElement(TrainingScreen), nav: true },
  { path: "training/quiz/:course", title: "Quiz", permission: "training:self", element: createElement(QuizScreen), nav: false },
];
