-- Descriptions of study_conditions; docs/schema.md is generated from them (make docs).
comment on table study_conditions is 'Conditions as the sponsor wrote them (AACT conditions), one row per list entry, in list order. Key (nct_id, ordinal). For the registry''s MeSH mapping see condition_meshes.';
comment on column study_conditions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_conditions.ordinal is 'Position in protocolSection.conditionsModule.conditions, 1-based.';
comment on column study_conditions.name is 'Condition as written, e.g. Axial Spondyloarthritis (protocolSection.conditionsModule.conditions[]).';
comment on column study_conditions.downcase_name is 'lower(name), for case-insensitive matching.';
