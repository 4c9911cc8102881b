-- expect: runs
-- Days from first submission to first posting, PostgreSQL casts and date subtraction.
SELECT nct_id,
       study_first_posted_date - study_first_submitted_date AS days_to_post,
       extract(year FROM study_first_submitted_date)::int AS year_submitted
FROM ctgov.studies
WHERE study_first_submitted_date >= '2010-01-01'::date
ORDER BY days_to_post DESC NULLS LAST;
