-- Descriptions of study_sponsors; docs/schema.md is generated from them (make docs).
comment on table study_sponsors is 'The lead sponsor (ordinal 1) followed by the collaborators in list order (AACT sponsors). Key (nct_id, ordinal).';
comment on column study_sponsors.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column study_sponsors.ordinal is '1 for the lead sponsor, then 2, 3 ... for collaborators in protocolSection.sponsorCollaboratorsModule.collaborators order. When the lead sponsor is absent, collaborators start at 1.';
comment on column study_sponsors.lead_or_collaborator is 'lead (sponsorCollaboratorsModule.leadSponsor) or collaborator (sponsorCollaboratorsModule.collaborators[]).';
comment on column study_sponsors.name is 'Organisation name (leadSponsor.name or collaborators[].name).';
comment on column study_sponsors.agency_class is 'Agency class (.class): NIH, FED (other US federal), OTHER_GOV, INDUSTRY, NETWORK, INDIV (individual), OTHER (universities, hospitals, foundations), AMBIG, UNKNOWN.';
