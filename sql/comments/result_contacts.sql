-- Descriptions of result_contacts; docs/schema.md is generated from them (make docs).
comment on table result_contacts is 'AACT''s result_contacts: whom to ask about the results, one row per study with resultsSection.moreInfoModule.pointOfContact. Key id.';
comment on column result_contacts.id is 'Stable row id, aact_id(nct_id, 1). AACT: a serial integer; here a bigint.';
comment on column result_contacts.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column result_contacts.organization is 'Organisation of the contact (pointOfContact.organization).';
comment on column result_contacts.name is 'Name or position of the contact, e.g. Medical Director (pointOfContact.title).';
comment on column result_contacts.phone is 'Phone (pointOfContact.phone).';
comment on column result_contacts.email is 'Email (pointOfContact.email).';
comment on column result_contacts.extension is 'Phone extension (pointOfContact.phoneExt).';
