-- Descriptions of interventions (AACT's ctgov.interventions); docs/schema.md is generated from them (make docs).
comment on table interventions is 'AACT''s interventions: what the study tests or gives, one row per entry of protocolSection.armsInterventionsModule.interventions, in list order. Other names are in intervention_other_names, arm links in design_group_interventions. Published in the ctgov schema as interventions.';
comment on column interventions.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in the list (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column interventions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column interventions.intervention_type is 'DRUG, DEVICE, BIOLOGICAL, PROCEDURE, RADIATION, BEHAVIORAL, GENETIC, DIETARY_SUPPLEMENT, COMBINATION_PRODUCT, DIAGNOSTIC_TEST or OTHER (interventions[].type).';
comment on column interventions.name is 'The intervention''s name (interventions[].name).';
comment on column interventions.description is 'Details of the intervention, e.g. dose and schedule (interventions[].description).';
