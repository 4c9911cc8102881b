-- Descriptions of browse_conditions (AACT's ctgov.browse_conditions); docs/schema.md is generated from them (make docs).
comment on table browse_conditions is 'AACT''s browse_conditions: the MeSH terms ClinicalTrials.gov''s own algorithm assigned to the study''s conditions (derivedSection.conditionBrowseModule), one row per entry as given, duplicates kept: the terms themselves (mesh-list) and their ancestors in the MeSH tree (mesh-ancestor).';
comment on column browse_conditions.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in AACT''s insert order: the ancestors, then the terms, each in list order (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column browse_conditions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column browse_conditions.mesh_term is 'The MeSH heading (conditionBrowseModule.meshes[].term or .ancestors[].term).';
comment on column browse_conditions.downcase_mesh_term is 'mesh_term in lower case, as AACT downcases it.';
comment on column browse_conditions.mesh_type is 'mesh-list for a term from conditionBrowseModule.meshes (assigned to the study), mesh-ancestor for one from .ancestors (a broader heading above them).';
