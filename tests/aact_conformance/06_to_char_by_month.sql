-- expect: runs
-- Registrations per month with to_char, as AACT tutorials group by month.
SELECT to_char(study_first_submitted_date, 'YYYY-MM') AS month, count(*) AS registered
FROM ctgov.studies
GROUP BY 1
ORDER BY 1;
