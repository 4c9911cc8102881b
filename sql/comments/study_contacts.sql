-- Descriptions of study_contacts; docs/schema.md is generated from them (make docs).
comment on table study_contacts is 'The contacts the registry publishes for the whole study (AACT central_contacts), in list order; the export shows them to readers. Site contacts are not loaded (locations). Key (nct_id, ordinal).';
comment on column study_contacts.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_contacts.ordinal is 'Position in protocolSection.contactsLocationsModule.centralContacts, 1-based.';
comment on column study_contacts.name is 'Name of the person or office (centralContacts[].name).';
comment on column study_contacts.role is 'Role as the registry gives it, e.g. CONTACT (centralContacts[].role).';
comment on column study_contacts.phone is 'Telephone number as written (centralContacts[].phone).';
comment on column study_contacts.phone_ext is 'Telephone extension (centralContacts[].phoneExt).';
comment on column study_contacts.email is 'Email address (centralContacts[].email).';
