-- Descriptions of central_contacts; docs/schema.md is generated from them (make docs).
comment on table central_contacts is 'AACT central_contacts: the study-wide contacts for enrolment questions (protocolSection.contactsLocationsModule.centralContacts[]), in record order.';
comment on column central_contacts.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column central_contacts.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column central_contacts.contact_type is 'primary for the first central contact of the study, backup for every later one, by position (AACT''s rule, whatever the role).';
comment on column central_contacts.name is 'Name of the contact (centralContacts[].name).';
comment on column central_contacts.phone is 'Telephone number as written (centralContacts[].phone).';
comment on column central_contacts.email is 'Email address (centralContacts[].email).';
comment on column central_contacts.phone_extension is 'Telephone extension (centralContacts[].phoneExt).';
comment on column central_contacts.role is 'Role as API v2 sends it, usually CONTACT (centralContacts[].role).';
