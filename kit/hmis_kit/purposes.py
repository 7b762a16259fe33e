"""What client data may be used for: plain data, so that contracts and the gateway read it without the
audit trail's database code."""

# The purposes a request may state (`X-Purpose`) and a partner API key is issued for: codes, never free
# text, since they are stored in audit rows and the decision log. HUD's HMIS privacy standard allows
# client data to be used to provide or coordinate services, for payment, and for administration
# (data quality, reporting).
PURPOSES = {
    "client_services": "providing or coordinating services for the client (intake, shelter, housing)",
    "case_management": "case management and housing plans",
    "coordinated_entry": "coordinated entry: assessment, prioritization, matching",
    "referral": "a referral to another provider (e.g. through a community information exchange)",
    "data_quality": "finding and correcting data-quality problems",
    "reporting": "HUD, funder and CoC reporting",
    "billing": "payment or reimbursement for services",
}
