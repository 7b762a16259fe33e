"""The questions of each HUD report, in the order of its shells."""
from reports.questions.apr import contacts, demographics, entry_and_income, health, persons

REPORTS = {
    "apr": [persons.Q5A, persons.Q7A, persons.Q7B, persons.Q8A, persons.Q8B, contacts.Q9A, contacts.Q9B,
            demographics.Q10, demographics.Q11, demographics.Q12,
            health.Q13A1, health.Q13B1, health.Q13C1, health.Q13A2, health.Q13B2, health.Q13C2,
            health.Q14A, health.Q14B, entry_and_income.Q15, entry_and_income.Q16],
}
