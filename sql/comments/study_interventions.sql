-- Descriptions of study_interventions; docs/schema.md is generated from them (make docs).
comment on table study_interventions is 'Interventions (AACT interventions) in list order, with the arms that receive them and their other names. Key (nct_id, ordinal).';
comment on column study_interventions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_interventions.ordinal is 'Position in protocolSection.armsInterventionsModule.interventions, 1-based.';
comment on column study_interventions.intervention_type is 'Kind of intervention (interventions[].type): DRUG, BIOLOGICAL, DIETARY_SUPPLEMENT, DEVICE, PROCEDURE, BEHAVIORAL, RADIATION, DIAGNOSTIC_TEST, GENETIC, COMBINATION_PRODUCT or OTHER (stretching, placebo, usual care ...).';
comment on column study_interventions.name is 'Intervention name as written, e.g. Magnesium oxide (interventions[].name).';
comment on column study_interventions.description is 'Sponsor''s description: dose, schedule, device settings (interventions[].description).';
comment on column study_interventions.arm_group_labels is 'Labels of the arms that receive it (interventions[].armGroupLabels); matches arm_groups.label. Empty if none given.';
comment on column study_interventions.other_names is 'Synonyms and brand names (interventions[].otherNames). Empty if none given.';
