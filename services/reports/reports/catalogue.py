"""The questions of each HUD report, in the order of its shells."""
from reports.questions.apr import demographics, persons

REPORTS = {
    "apr": [persons.Q5A, persons.Q7A, persons.Q7B, persons.Q8A, persons.Q8B,
            demographics.Q10, demographics.Q11, demographics.Q12],
}
