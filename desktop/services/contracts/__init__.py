"""专项集体合同: contracts, clauses, the yearly compliance check and the stricter-wins feeds."""
