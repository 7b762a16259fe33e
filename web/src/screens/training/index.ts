// A user's own training: status, sessions and quizzes, loaded when first opened (onDemand).
import { onDemand } from "../onDemand";
import type { Screen } from "../types";

export const screens: Screen[] = [
  { path: "training", title: "My training", permission: "training:self", element: onDemand(() => import("./TrainingScreen"), (m) => m.TrainingScreen), nav: true },
  { path: "training/quiz/:course", title: "Quiz", permission: "training:self", element: onDemand(() => import("./QuizScreen"), (m) => m.QuizScreen), nav: false },
];
