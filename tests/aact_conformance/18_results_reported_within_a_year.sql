-- expect: runs
-- Results reported within 12 months of primary completion, AACT's results_first_posted_date.
SELECT count(*) FILTER (WHERE results_first_posted_date <= primary_completion_date + interval '12 months') AS on_time,
       count(*) FILTER (WHERE results_first_posted_date IS NOT NULL) AS reported,
       count(*) AS completed
FROM ctgov.studies
WHERE overall_status = 'COMPLETED';
