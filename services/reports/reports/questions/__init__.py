"""The questions of HUD's reports, each a Question (reports.engine.question) over the glossary's universe."""
