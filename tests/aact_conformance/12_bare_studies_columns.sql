-- expect: fails: bare `studies` is the project's own table (docs/aact.md: ten AACT names clash with the project's; write ctgov.studies)
-- AACT's studies columns through the bare name.
SELECT nct_id, phase, number_of_arms, study_first_submitted_date FROM studies;
