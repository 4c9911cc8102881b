-- Descriptions of browse_interventions (AACT's ctgov.browse_interventions); docs/schema.md is generated from them (make docs).
comment on table browse_interventions is 'AACT''s browse_interventions: the MeSH terms ClinicalTrials.gov''s own algorithm assigned to the study''s interventions (derivedSection.interventionBrowseModule), one row per entry as given, duplicates kept: the terms themselves (mesh-list) and their ancestors in the MeSH tree (mesh-ancestor).';
comment on column browse_interventions.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in AACT''s insert order: the ancestors, then the terms, each in list order (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column browse_interventions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column browse_interventions.mesh_term is 'The MeSH heading (interventionBrowseModule.meshes[].term or .ancestors[].term).';
comment on column browse_interventions.downcase_mesh_term is 'mesh_term in lower case, as AACT downcases it.';
comment on column browse_interventions.mesh_type is 'mesh-list for a term from interventionBrowseModule.meshes (assigned to the study), mesh-ancestor for one from .ancestors (a broader heading above them).';
