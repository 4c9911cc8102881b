-- Descriptions of study_eligibility; docs/schema.md is generated from them (make docs).
comment on table study_eligibility is 'Who can take part: one row per study with an eligibilityModule (AACT eligibilities). Ages keep the registry text and add a number of years.';
comment on column study_eligibility.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id). Key.';
comment on column study_eligibility.sex is 'Sexes eligible: ALL, FEMALE or MALE (protocolSection.eligibilityModule.sex).';
comment on column study_eligibility.minimum_age is 'Minimum age as the registry writes it, e.g. 18 Years, 6 Months (eligibilityModule.minimumAge); null = no lower limit.';
comment on column study_eligibility.maximum_age is 'Maximum age as the registry writes it (eligibilityModule.maximumAge); null = no upper limit.';
comment on column study_eligibility.minimum_age_years is 'minimum_age in years (months / 12, weeks / 52.18, days / 365.25); null when absent or not a number and unit.';
comment on column study_eligibility.maximum_age_years is 'maximum_age in years, converted the same way; null when absent or not a number and unit.';
comment on column study_eligibility.healthy_volunteers is 'True when people without the condition may take part (eligibilityModule.healthyVolunteers).';
comment on column study_eligibility.std_ages is 'Standard age groups covered (eligibilityModule.stdAges): CHILD (under 18), ADULT (18 to 64), OLDER_ADULT (65 and over). Empty if not given.';
comment on column study_eligibility.criteria is 'Inclusion and exclusion criteria as free text, markdown-ish (eligibilityModule.eligibilityCriteria).';
comment on column study_eligibility.gender_based is 'True when eligibility is based on gender identity rather than sex (eligibilityModule.genderBased).';
comment on column study_eligibility.gender_description is 'Explanation of gender-based eligibility (eligibilityModule.genderDescription).';
comment on column study_eligibility.sampling_method is 'Observational studies: PROBABILITY_SAMPLE or NON_PROBABILITY_SAMPLE (eligibilityModule.samplingMethod).';
comment on column study_eligibility.study_population is 'Observational studies: the population drawn from, as text (eligibilityModule.studyPopulation).';
