-- Descriptions of mesh_terms; docs/schema.md is generated from them (make docs).
comment on table mesh_terms is 'AACT mesh_terms, with AACT''s columns and always empty: AACT loads it from the National Library of Medicine''s MeSH tree file, not from ClinicalTrials.gov. The registry''s JSON names each study''s MeSH terms and ids (condition_meshes, intervention_meshes) but carries no tree numbers, so this table cannot be filled from it.';
comment on column mesh_terms.id is 'AACT row id (no rows).';
comment on column mesh_terms.qualifier is 'MeSH tree the term sits in: the first part of its tree number, e.g. C10 (no rows).';
comment on column mesh_terms.tree_number is 'MeSH tree number of the term, e.g. C10.597.613.550 (no rows).';
comment on column mesh_terms.description is 'Description of the term (no rows).';
comment on column mesh_terms.mesh_term is 'The MeSH term (no rows).';
comment on column mesh_terms.downcase_mesh_term is 'The MeSH term in lower case, for matching (no rows).';
