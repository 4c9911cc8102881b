-- Descriptions of result_agreements; docs/schema.md is generated from them (make docs).
comment on table result_agreements is 'AACT''s result_agreements: whether the investigators may discuss or publish the results, one row per study with resultsSection.moreInfoModule.certainAgreement. Key id.';
comment on column result_agreements.id is 'Stable row id, aact_id(nct_id, 1). AACT: a serial integer; here a bigint.';
comment on column result_agreements.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column result_agreements.pi_employee is 'True when the principal investigators are sponsor employees (certainAgreement.piSponsorEmployee, ar_boolean).';
comment on column result_agreements.agreement is 'Always null: AACT maps nothing to it from API v2.';
comment on column result_agreements.restriction_type is 'LTE60, GT60 or OTHER: how long the sponsor may delay a publication (certainAgreement.restrictionType).';
comment on column result_agreements.other_details is 'The agreement''s terms when OTHER (certainAgreement.otherDetails).';
comment on column result_agreements.restrictive_agreement is 'True when an agreement restricts what the investigators may say (certainAgreement.restrictiveAgreement, ar_boolean).';
