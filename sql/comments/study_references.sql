-- Descriptions of study_references; docs/schema.md is generated from them (make docs).
comment on table study_references is 'AACT study_references: publications about the study (protocolSection.referencesModule.references[]), in record order.';
comment on column study_references.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column study_references.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column study_references.pmid is 'PubMed identifier of the publication, as text (references[].pmid); null when it has none.';
comment on column study_references.reference_type is 'Kind of reference as API v2 sends it, as today''s AACT stores it: BACKGROUND (background reading), RESULT (reports the study''s results) or DERIVED (linked by the registry from PubMed by NCT id) (references[].type).';
comment on column study_references.citation is 'Bibliographic citation (references[].citation).';
