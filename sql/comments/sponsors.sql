-- Descriptions of sponsors; docs/schema.md is generated from them (make docs).
comment on table sponsors is 'AACT sponsors: the lead sponsor (protocolSection.sponsorCollaboratorsModule.leadSponsor) first, then each collaborator (collaborators[]) in record order.';
comment on column sponsors.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column sponsors.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column sponsors.agency_class is 'Kind of organisation as API v2 sends it: NIH, FED, OTHER_GOV, INDIV, INDUSTRY, NETWORK, AMBIG, OTHER, UNKNOWN (leadSponsor.class, collaborators[].class).';
comment on column sponsors.lead_or_collaborator is 'lead for the lead sponsor, collaborator for the others (AACT''s literals).';
comment on column sponsors.name is 'Name of the organisation (leadSponsor.name, collaborators[].name).';
