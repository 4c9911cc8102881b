-- Descriptions of mesh_headings; docs/schema.md is generated from them (make docs).
comment on table mesh_headings is 'AACT mesh_headings, with AACT''s columns and always empty: AACT loads it from the National Library of Medicine''s list of MeSH tree headings, not from ClinicalTrials.gov, and the registry''s JSON carries none of it.';
comment on column mesh_headings.id is 'AACT row id (no rows).';
comment on column mesh_headings.qualifier is 'Code of the MeSH heading, e.g. C10 (no rows).';
comment on column mesh_headings.heading is 'Name of the MeSH heading, e.g. Nervous System Diseases (no rows).';
comment on column mesh_headings.subcategory is 'A subcategory under the heading (no rows).';
