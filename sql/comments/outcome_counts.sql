-- Descriptions of outcome_counts; docs/schema.md is generated from them (make docs).
comment on table outcome_counts is 'AACT''s outcome_counts: how many participants (or other units) each group of an outcome measure analysed, one row per outcomeMeasures[].denoms[].counts[] entry. Key id.';
comment on column outcome_counts.id is 'Stable row id, aact_id(nct_id, position among the study''s counts, measure by measure). AACT: a serial integer; here a bigint.';
comment on column outcome_counts.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column outcome_counts.outcome_id is 'The measure: outcomes.id.';
comment on column outcome_counts.result_group_id is 'The group: result_groups.id of the measure''s own Outcome group with this code (the last one if a code repeats).';
comment on column outcome_counts.ctgov_group_code is 'Group code, e.g. OG000 (counts[].groupId).';
comment on column outcome_counts.scope is 'Always Measure (AACT''s constant).';
comment on column outcome_counts.units is 'What was counted, e.g. Participants (denoms[].units).';
comment on column outcome_counts.count is 'How many (counts[].value) as ActiveRecord stores text in an integer column (ar_integer: the leading integer, NA is 0, blank is null).';
