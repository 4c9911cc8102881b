-- Descriptions of facility_investigators; docs/schema.md is generated from them (make docs).
comment on table facility_investigators is 'AACT facility_investigators: the investigators of a site (locations[].contacts[] whose role matches AACT''s pattern investigator|study.chair, ignoring case: PRINCIPAL_INVESTIGATOR, SUB_INVESTIGATOR, STUDY_CHAIR), in record order.';
comment on column facility_investigators.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column facility_investigators.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column facility_investigators.facility_id is 'facilities.id of the site the contact belongs to (the parent locations[] entry).';
comment on column facility_investigators.role is 'Role at the site as API v2 sends it, e.g. PRINCIPAL_INVESTIGATOR (contacts[].role).';
comment on column facility_investigators.name is 'Name of the investigator (contacts[].name).';
