-- Descriptions of baseline_counts; docs/schema.md is generated from them (make docs).
comment on table baseline_counts is 'AACT''s baseline_counts: how many participants (or other units) each baseline group holds, one row per resultsSection.baselineCharacteristicsModule.denoms[].counts[] entry. Key id.';
comment on column baseline_counts.id is 'Stable row id, aact_id(nct_id, position among the study''s counts). AACT: a serial integer; here a bigint.';
comment on column baseline_counts.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column baseline_counts.result_group_id is 'The group: result_groups.id of the study''s Baseline group with this code (the last one if a code repeats).';
comment on column baseline_counts.ctgov_group_code is 'Group code, e.g. BG000 (counts[].groupId).';
comment on column baseline_counts.units is 'What was counted, e.g. Participants (denoms[].units).';
comment on column baseline_counts.scope is 'Always overall (AACT''s constant).';
comment on column baseline_counts.count is 'How many (counts[].value, ar_integer: the leading integer, NA is 0, blank is null).';
