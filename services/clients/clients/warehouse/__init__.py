"""The warehouse feed (clients.contract.warehouse): stored records handed to the reports warehouse, names and
SSNs turned into verdicts on the way out."""
