-- Descriptions of eligibilities (AACT's ctgov.eligibilities); docs/schema.md is generated from them (make docs).
comment on table eligibilities is 'AACT''s eligibilities: who may take part, one row per study whose record has a protocolSection.eligibilityModule. Published in the ctgov schema as eligibilities.';
comment on column eligibilities.id is 'Row id: the study''s NCT number times 10^9 plus 1 (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column eligibilities.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column eligibilities.sampling_method is 'Observational studies: PROBABILITY_SAMPLE or NON_PROBABILITY_SAMPLE (eligibilityModule.samplingMethod).';
comment on column eligibilities.gender is 'Sexes that may take part: ALL, FEMALE or MALE (eligibilityModule.sex).';
comment on column eligibilities.minimum_age is 'Minimum age as written, e.g. 18 Years (eligibilityModule.minimumAge); null when there is none (AACT''s mapping names a default N/A its loader never applies).';
comment on column eligibilities.maximum_age is 'Maximum age as written, e.g. 65 Years (eligibilityModule.maximumAge); null when there is none.';
comment on column eligibilities.healthy_volunteers is 'Whether healthy volunteers may take part (eligibilityModule.healthyVolunteers).';
comment on column eligibilities.population is 'Observational studies: the population the participants are drawn from (eligibilityModule.studyPopulation).';
comment on column eligibilities.criteria is 'Inclusion and exclusion criteria, as one text (eligibilityModule.eligibilityCriteria).';
comment on column eligibilities.gender_description is 'How gender is defined when eligibility is based on it (eligibilityModule.genderDescription).';
comment on column eligibilities.gender_based is 'Whether eligibility is based on gender identity (eligibilityModule.genderBased), read as AACT reads it: a boolean as is, the texts y/yes/true/t and n/no/false/f in any case, anything else null.';
comment on column eligibilities.adult is 'Whether the study takes adults (18-64): eligibilityModule.stdAges lists ADULT; null when stdAges is absent.';
comment on column eligibilities.child is 'Whether the study takes children (under 18): stdAges lists CHILD; null when stdAges is absent.';
comment on column eligibilities.older_adult is 'Whether the study takes older adults (65 and over): stdAges lists OLDER_ADULT; null when stdAges is absent.';
