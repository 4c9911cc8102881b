-- Descriptions of intervention_other_names (AACT's ctgov.intervention_other_names); docs/schema.md is generated from them (make docs).
comment on table intervention_other_names is 'AACT''s intervention_other_names: other names of an intervention (brand names, codes, synonyms), one row per entry of protocolSection.armsInterventionsModule.interventions[].otherNames.';
comment on column intervention_other_names.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in AACT''s insert order: intervention by intervention, each list in order (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column intervention_other_names.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column intervention_other_names.intervention_id is 'The intervention this name belongs to (interventions.id).';
comment on column intervention_other_names.name is 'The other name as written (interventions[].otherNames[]).';
