-- Descriptions of ipd_information_types; docs/schema.md is generated from them (make docs).
comment on table ipd_information_types is 'AACT ipd_information_types: the kinds of supporting information to be shared with individual participant data (protocolSection.ipdSharingStatementModule.infoTypes[]), one row each, in record order.';
comment on column ipd_information_types.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column ipd_information_types.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column ipd_information_types.name is 'Kind of information as API v2 sends it: STUDY_PROTOCOL, SAP, ICF, CSR or ANALYTIC_CODE (infoTypes[]).';
