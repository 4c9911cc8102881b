-- expect: runs
-- Sites per country from facilities, no schema prefix (AACT's search path).
SELECT f.country, count(DISTINCT f.nct_id) AS studies, count(*) AS sites
FROM facilities f
GROUP BY f.country
ORDER BY studies DESC, f.country;
