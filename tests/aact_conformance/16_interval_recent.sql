-- expect: runs
-- Studies updated in the last ten years, interval arithmetic on now().
SELECT count(*) FROM ctgov.studies
WHERE last_update_posted_date > now() - interval '10 years';
