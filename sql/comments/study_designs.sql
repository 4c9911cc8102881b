-- Descriptions of study_designs; docs/schema.md is generated from them (make docs).
comment on table study_designs is 'How the study is designed: one row per study with protocolSection.designModule.designInfo (AACT designs).';
comment on column study_designs.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id). Key.';
comment on column study_designs.allocation is 'RANDOMIZED, NON_RANDOMIZED or NA (single arm) (designInfo.allocation).';
comment on column study_designs.intervention_model is 'SINGLE_GROUP, PARALLEL, CROSSOVER, FACTORIAL or SEQUENTIAL (designInfo.interventionModel).';
comment on column study_designs.primary_purpose is 'TREATMENT, PREVENTION, SUPPORTIVE_CARE, DIAGNOSTIC, SCREENING, HEALTH_SERVICES_RESEARCH, BASIC_SCIENCE, DEVICE_FEASIBILITY, ECT or OTHER (designInfo.primaryPurpose).';
comment on column study_designs.masking is 'Blinding: NONE (open label), SINGLE, DOUBLE, TRIPLE or QUADRUPLE (designInfo.maskingInfo.masking).';
comment on column study_designs.who_masked is 'Who is blinded: PARTICIPANT, CARE_PROVIDER, INVESTIGATOR, OUTCOMES_ASSESSOR (designInfo.maskingInfo.whoMasked). Empty if not given.';
comment on column study_designs.observational_model is 'Observational studies: COHORT, CASE_CONTROL, CASE_ONLY, CASE_CROSSOVER, ECOLOGIC_OR_COMMUNITY, FAMILY_BASED, DEFINED_POPULATION, NATURAL_HISTORY or OTHER (designInfo.observationalModel).';
comment on column study_designs.time_perspective is 'Observational studies: PROSPECTIVE, RETROSPECTIVE, CROSS_SECTIONAL or OTHER (designInfo.timePerspective).';
comment on column study_designs.intervention_model_description is 'Free-text detail of the intervention model (designInfo.interventionModelDescription).';
comment on column study_designs.masking_description is 'Free-text detail of the masking (designInfo.maskingInfo.maskingDescription).';
