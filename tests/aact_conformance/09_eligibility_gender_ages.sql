-- expect: runs
-- Eligibility: sex, ages and the adult/older adult flags.
SELECT e.gender, e.minimum_age, e.maximum_age, e.adult, e.older_adult, count(*) AS n
FROM eligibilities e
GROUP BY ALL
ORDER BY n DESC;
