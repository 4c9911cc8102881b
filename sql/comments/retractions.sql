-- Descriptions of retractions; docs/schema.md is generated from them (make docs).
comment on table retractions is 'AACT retractions: retraction notices of a study''s references (references[].retractions[]), in record order.';
comment on column retractions.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column retractions.reference_id is 'study_references.id of the retracted reference (the parent references[] entry).';
comment on column retractions.pmid is 'PubMed identifier of the retraction notice (retractions[].pmid).';
comment on column retractions.source is 'Journal or source of the retraction notice (retractions[].source).';
comment on column retractions.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
