-- Descriptions of locations; docs/schema.md is generated from them (make docs).
comment on table locations is 'Sites (AACT facilities) in list order. Site contacts are personal data and are deliberately not loaded. Key (nct_id, ordinal).';
comment on column locations.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column locations.ordinal is 'Position in protocolSection.contactsLocationsModule.locations, 1-based.';
comment on column locations.facility is 'Site name, e.g. a hospital (locations[].facility).';
comment on column locations.status is 'Recruitment status of this site (locations[].status), same values as studies.overall_status; often null for studies that are not recruiting.';
comment on column locations.city is 'City (locations[].city).';
comment on column locations.state is 'State, province or region (locations[].state).';
comment on column locations.zip is 'Postal code as written (locations[].zip).';
comment on column locations.country is 'Country name in English as the registry spells it, e.g. United States, Korea, Republic of (locations[].country).';
comment on column locations.latitude is 'Latitude of the city in decimal degrees, WGS 84 (locations[].geoPoint.lat), geocoded by the registry from the city, not the site.';
comment on column locations.longitude is 'Longitude of the city in decimal degrees, WGS 84 (locations[].geoPoint.lon).';
