-- Descriptions of study_keywords; docs/schema.md is generated from them (make docs).
comment on table study_keywords is 'Sponsor keywords (AACT keywords), one row per list entry, in list order. Key (nct_id, ordinal).';
comment on column study_keywords.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_keywords.ordinal is 'Position in protocolSection.conditionsModule.keywords, 1-based.';
comment on column study_keywords.name is 'Keyword as written (protocolSection.conditionsModule.keywords[]).';
comment on column study_keywords.downcase_name is 'lower(name), for case-insensitive matching.';
