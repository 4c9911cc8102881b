-- Descriptions of countries; docs/schema.md is generated from them (make docs).
comment on table countries is 'AACT countries: per study, each distinct country of its sites (protocolSection.contactsLocationsModule.locations[].country; removed false) in the order each first appears, then each distinct country its sites were removed from (derivedSection.miscInfoModule.removedCountries[]; removed true). As in AACT, duplicates are removed within each of the two lists only.';
comment on column countries.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column countries.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column countries.name is 'Country as the registry names it in English; null for sites without a country.';
comment on column countries.removed is 'True for a country the study no longer has sites in (removedCountries), false for one it has.';
