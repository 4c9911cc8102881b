-- Descriptions of conditions (AACT's ctgov.conditions); docs/schema.md is generated from them (make docs).
comment on table conditions is 'AACT''s conditions: the conditions or diseases studied as the sponsor wrote them, one row per entry of protocolSection.conditionsModule.conditions, in list order. Published in the ctgov schema as conditions.';
comment on column conditions.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in the list (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column conditions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column conditions.name is 'The condition as written (conditionsModule.conditions[]).';
comment on column conditions.downcase_name is 'name in lower case, as AACT downcases it, for case-insensitive matching.';
