"""The questions of each HUD report, in the order of its shells."""
from reports.questions.apr import contacts, data_quality, demographics, entry_and_income, health, persons

REPORTS = {
    "apr": [persons.Q5A, data_quality.Q6A, data_quality.Q6B, data_quality.Q6C, data_quality.Q6D,
            data_quality.Q6E, data_quality.Q6F,
            persons.Q7A, persons.Q7B, persons.Q8A, persons.Q8B, contacts.Q9A, contacts.Q9B,
            demographics.Q10, demographics.Q11, demographics.Q12,
            health.Q13A1, health.Q13B1, health.Q13C1, health.Q13A2, health.Q13B2, health.Q13C2,
            health.Q14A, health.Q14B, entry_and_income.Q15, entry_and_income.Q16],
}
