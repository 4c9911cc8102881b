-- Descriptions of keywords (AACT's ctgov.keywords); docs/schema.md is generated from them (make docs).
comment on table keywords is 'AACT''s keywords: words or phrases the sponsor gave to describe the study, one row per entry of protocolSection.conditionsModule.keywords, in list order. Published in the ctgov schema as keywords.';
comment on column keywords.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in the list (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column keywords.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column keywords.name is 'The keyword as written (conditionsModule.keywords[]).';
comment on column keywords.downcase_name is 'name in lower case, as AACT downcases it.';
