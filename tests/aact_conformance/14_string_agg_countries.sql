-- expect: runs
-- Each study's countries as one string.
SELECT nct_id, string_agg(name, ', ' ORDER BY name) AS countries
FROM ctgov.countries
WHERE NOT removed
GROUP BY nct_id
ORDER BY nct_id;
