-- Descriptions of designs (AACT's ctgov.designs); docs/schema.md is generated from them (make docs).
comment on table designs is 'AACT''s designs: how the study is designed, one row per study whose protocolSection.designModule has a designInfo. Published in the ctgov schema as designs.';
comment on column designs.id is 'Row id: the study''s NCT number times 10^9 plus 1 (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column designs.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column designs.allocation is 'RANDOMIZED, NON_RANDOMIZED or NA (a single arm) (designInfo.allocation).';
comment on column designs.intervention_model is 'SINGLE_GROUP, PARALLEL, CROSSOVER, FACTORIAL or SEQUENTIAL (designInfo.interventionModel).';
comment on column designs.observational_model is 'Observational studies: COHORT, CASE_CONTROL, CASE_ONLY, ECOLOGIC_OR_COMMUNITY, ... (designInfo.observationalModel).';
comment on column designs.primary_purpose is 'Main purpose of an interventional study, e.g. TREATMENT, PREVENTION, DIAGNOSTIC, SUPPORTIVE_CARE (designInfo.primaryPurpose).';
comment on column designs.time_perspective is 'Observational studies: PROSPECTIVE, RETROSPECTIVE, CROSS_SECTIONAL or OTHER (designInfo.timePerspective).';
comment on column designs.masking is 'Who is blinded, in short: NONE, SINGLE, DOUBLE, TRIPLE or QUADRUPLE (designInfo.maskingInfo.masking).';
comment on column designs.masking_description is 'How the masking is done (designInfo.maskingInfo.maskingDescription).';
comment on column designs.intervention_model_description is 'More on the intervention model (designInfo.interventionModelDescription).';
comment on column designs.subject_masked is 'Whether participants are masked: designInfo.maskingInfo.whoMasked lists PARTICIPANT (AACT''s rule); null when whoMasked is absent.';
comment on column designs.caregiver_masked is 'Whether care providers are masked: whoMasked lists CARE_PROVIDER; null when whoMasked is absent.';
comment on column designs.investigator_masked is 'Whether investigators are masked: whoMasked lists INVESTIGATOR; null when whoMasked is absent.';
comment on column designs.outcomes_assessor_masked is 'Whether outcome assessors are masked: whoMasked lists OUTCOMES_ASSESSOR; null when whoMasked is absent.';
