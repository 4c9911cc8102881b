-- Descriptions of facilities; docs/schema.md is generated from them (make docs).
comment on table facilities is 'AACT facilities: one row per site of a study (protocolSection.contactsLocationsModule.locations[]), in record order, as AACT''s loader fills it. Our own view of the same sites, with ordinals, is locations.';
comment on column facilities.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column facilities.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column facilities.status is 'Recruitment status of the site as API v2 sends it, e.g. RECRUITING, COMPLETED (locations[].status); null for many studies that are not recruiting.';
comment on column facilities.name is 'Name of the site, e.g. a hospital or clinic (locations[].facility).';
comment on column facilities.city is 'City of the site (locations[].city).';
comment on column facilities.state is 'State, province or region of the site (locations[].state).';
comment on column facilities.zip is 'Postal code as written (locations[].zip).';
comment on column facilities.country is 'Country as the registry names it in English, e.g. United States (locations[].country).';
comment on column facilities.latitude is 'Latitude in decimal degrees (locations[].geoPoint.lat), geocoded by the registry from the city; numeric(10,6) as in AACT (rounded to 6 decimals), null when absent or out of the column''s range.';
comment on column facilities.longitude is 'Longitude in decimal degrees (locations[].geoPoint.lon); numeric(10,6) as in AACT, null when absent or out of range.';
