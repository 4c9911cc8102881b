-- expect: runs
-- Masking and allocation of studies by how many keywords and conditions they list.
SELECT d.allocation, d.masking,
       count(DISTINCT k.id) AS keywords,
       count(DISTINCT c.id) AS conditions
FROM designs d
LEFT JOIN keywords k ON k.nct_id = d.nct_id
LEFT JOIN conditions c ON c.nct_id = d.nct_id
GROUP BY d.allocation, d.masking
ORDER BY keywords DESC NULLS LAST;
