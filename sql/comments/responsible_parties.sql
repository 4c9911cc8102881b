-- Descriptions of responsible_parties; docs/schema.md is generated from them (make docs).
comment on table responsible_parties is 'AACT responsible_parties: who is responsible for the study''s registration and results (protocolSection.sponsorCollaboratorsModule.responsibleParty), one row per study that has the object, an empty one included (a row of nulls, as in AACT).';
comment on column responsible_parties.id is 'AACT row id, made stable: aact_id(nct_id, 1), the study''s NCT number times 10^9 plus 1 (one row per study). AACT''s own serial ids differ.';
comment on column responsible_parties.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column responsible_parties.responsible_party_type is 'Kind of responsible party as API v2 sends it: SPONSOR, PRINCIPAL_INVESTIGATOR or SPONSOR_INVESTIGATOR (responsibleParty.type).';
comment on column responsible_parties.name is 'Name of the investigator who is the responsible party (responsibleParty.investigatorFullName).';
comment on column responsible_parties.title is 'Official title of that investigator (responsibleParty.investigatorTitle).';
comment on column responsible_parties.organization is 'Organisation of the responsible party in registrations from before 2007 (responsibleParty.oldOrganization).';
comment on column responsible_parties.affiliation is 'Organisation the investigator belongs to (responsibleParty.investigatorAffiliation).';
comment on column responsible_parties.old_name_title is 'Name and title of the responsible party in registrations from before 2007 (responsibleParty.oldNameTitle).';
