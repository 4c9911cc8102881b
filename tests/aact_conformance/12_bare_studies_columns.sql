-- expect: runs
-- AACT's studies columns through the bare name.
SELECT nct_id, phase, number_of_arms, study_first_submitted_date FROM studies;
