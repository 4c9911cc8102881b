-- Descriptions of condition_meshes; docs/schema.md is generated from them (make docs).
comment on table condition_meshes is 'MeSH descriptors the registry mapped to the conditions (derivedSection.conditionBrowseModule), with their ancestors in the MeSH tree. One row per (nct_id, mesh_id, kind).';
comment on column condition_meshes.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column condition_meshes.mesh_id is 'MeSH UI in its official form, e.g. D003920 (Diabetes Mellitus). Records dated 2023 to mid-2024 pad old UIs to nine digits (D000003920); those are unpadded here so UIs compare across record dates.';
comment on column condition_meshes.mesh_term is 'MeSH descriptor name, e.g. Diabetes Mellitus (conditionBrowseModule.meshes[].term or .ancestors[].term).';
comment on column condition_meshes.downcase_mesh_term is 'lower(mesh_term), for case-insensitive matching.';
comment on column condition_meshes.kind is 'mesh (a descriptor mapped to the study''s conditions, conditionBrowseModule.meshes) or ancestor (a broader descriptor above one of them, conditionBrowseModule.ancestors).';
comment on column condition_meshes.ordinal is 'Position in the meshes or ancestors list, 1-based.';
comment on column condition_meshes.mesh_id_raw is 'The UI as received (conditionBrowseModule.meshes[].id), padded or not.';
