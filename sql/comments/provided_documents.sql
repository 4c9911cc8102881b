-- Descriptions of provided_documents; docs/schema.md is generated from them (make docs).
comment on table provided_documents is 'AACT provided_documents: protocol, statistical analysis plan and consent form files uploaded to the registry (documentSection.largeDocumentModule.largeDocs[]), in record order.';
comment on column provided_documents.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column provided_documents.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column provided_documents.document_type is 'What the file is, e.g. Study Protocol and Statistical Analysis Plan (largeDocs[].label).';
comment on column provided_documents.has_protocol is 'True when the file holds the study protocol (largeDocs[].hasProtocol).';
comment on column provided_documents.has_icf is 'True when the file holds the informed consent form (largeDocs[].hasIcf).';
comment on column provided_documents.has_sap is 'True when the file holds the statistical analysis plan (largeDocs[].hasSap).';
comment on column provided_documents.document_date is 'Date of the document (largeDocs[].date), cast as ActiveRecord casts text into a date column: a full YYYY-MM-DD date kept, a partial date (no day) null.';
comment on column provided_documents.url is 'AACT''s link to the file: https://ClinicalTrials.gov/ProvidedDocs/ + the last two digits of the NCT id + / + the NCT id + / + largeDocs[].filename (nothing after the last / when the record names no file).';
