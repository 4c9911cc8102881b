-- Descriptions of brief_summaries (AACT's ctgov.brief_summaries); docs/schema.md is generated from them (make docs).
comment on table brief_summaries is 'AACT''s brief_summaries: one row per study whose record has a protocolSection.descriptionModule, holding its short plain-language summary.';
comment on column brief_summaries.id is 'Row id: the study''s NCT number times 10^9 plus 1 (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column brief_summaries.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column brief_summaries.description is 'The brief summary (descriptionModule.briefSummary); null when the module lacks one.';
