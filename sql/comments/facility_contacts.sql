-- Descriptions of facility_contacts; docs/schema.md is generated from them (make docs).
comment on table facility_contacts is 'AACT facility_contacts: the people to contact at a site (locations[].contacts[] whose role does not match AACT''s pattern investigator|study.chair, ignoring case: CONTACT, STUDY_DIRECTOR, or no role), in record order. The other contacts of a site are facility_investigators.';
comment on column facility_contacts.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column facility_contacts.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column facility_contacts.facility_id is 'facilities.id of the site the contact belongs to (the parent locations[] entry).';
comment on column facility_contacts.contact_type is 'primary for the first such contact of the site, backup for every later one (AACT numbers them by position after leaving the investigators out).';
comment on column facility_contacts.name is 'Name of the contact (contacts[].name).';
comment on column facility_contacts.email is 'Email address (contacts[].email).';
comment on column facility_contacts.phone is 'Telephone number as written (contacts[].phone).';
comment on column facility_contacts.phone_extension is 'Telephone extension (contacts[].phoneExt).';
