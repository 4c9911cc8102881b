-- Descriptions of overall_officials; docs/schema.md is generated from them (make docs).
comment on table overall_officials is 'AACT overall_officials: the people responsible for the scientific conduct of the whole study (protocolSection.contactsLocationsModule.overallOfficials[]), in record order.';
comment on column overall_officials.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column overall_officials.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column overall_officials.role is 'Role as API v2 sends it: PRINCIPAL_INVESTIGATOR, STUDY_CHAIR or STUDY_DIRECTOR (overallOfficials[].role).';
comment on column overall_officials.name is 'Name of the official (overallOfficials[].name).';
comment on column overall_officials.affiliation is 'Organisation the official belongs to (overallOfficials[].affiliation).';
