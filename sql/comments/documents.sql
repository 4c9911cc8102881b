-- Descriptions of documents; docs/schema.md is generated from them (make docs).
comment on table documents is 'AACT documents: individual participant data sets and study documents the registrant says are available (protocolSection.referencesModule.availIpds[]), in record order.';
comment on column documents.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column documents.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column documents.document_id is 'The document''s identifier given by the registrant (availIpds[].id).';
comment on column documents.document_type is 'Kind of document or data set as written, e.g. Study Protocol, Individual Participant Data Set (availIpds[].type).';
comment on column documents.url is 'Where to get it (availIpds[].url).';
comment on column documents.comment is 'The registrant''s note on access (availIpds[].comment).';
