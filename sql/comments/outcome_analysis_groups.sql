-- Descriptions of outcome_analysis_groups; docs/schema.md is generated from them (make docs).
comment on table outcome_analysis_groups is 'AACT''s outcome_analysis_groups: the groups an outcome analysis compares, one row per outcomeMeasures[].analyses[].groupIds[] code. Key id.';
comment on column outcome_analysis_groups.id is 'Stable row id, aact_id(nct_id, position among the study''s analysis group codes). AACT: a serial integer; here a bigint.';
comment on column outcome_analysis_groups.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column outcome_analysis_groups.outcome_analysis_id is 'The analysis: outcome_analyses.id.';
comment on column outcome_analysis_groups.result_group_id is 'The group: result_groups.id of the analysed measure''s own Outcome group with this code (the last one if a code repeats), as AACT sets it.';
comment on column outcome_analysis_groups.ctgov_group_code is 'Group code, e.g. OG001 (groupIds[]).';
