-- Descriptions of design_group_interventions (AACT's ctgov.design_group_interventions); docs/schema.md is generated from them (make docs).
comment on table design_group_interventions is 'AACT''s design_group_interventions: which arm or group receives which intervention, one row per entry of protocolSection.armsInterventionsModule.interventions[].armGroupLabels.';
comment on column design_group_interventions.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in AACT''s insert order: intervention by intervention, each label list in order (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column design_group_interventions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column design_group_interventions.design_group_id is 'The arm or group (design_groups.id) whose title equals the label, as AACT looks it up: the later group when two share a title; null when no group has that title (AACT keeps such rows).';
comment on column design_group_interventions.intervention_id is 'The intervention naming the label (interventions.id).';
