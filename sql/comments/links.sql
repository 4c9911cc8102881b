-- Descriptions of links; docs/schema.md is generated from them (make docs).
comment on table links is 'AACT links: web pages the registration points to for more about the study (protocolSection.referencesModule.seeAlsoLinks[]), in record order.';
comment on column links.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column links.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column links.url is 'Address of the page (seeAlsoLinks[].url).';
comment on column links.description is 'What the page is, as the registrant labelled it (seeAlsoLinks[].label).';
