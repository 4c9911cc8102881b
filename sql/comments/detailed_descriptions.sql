-- Descriptions of detailed_descriptions (AACT's ctgov.detailed_descriptions); docs/schema.md is generated from them (make docs).
comment on table detailed_descriptions is 'AACT''s detailed_descriptions: one row per study whose record has a protocolSection.descriptionModule (as AACT loads it, also when the module has no detailed description), holding the extended technical description.';
comment on column detailed_descriptions.id is 'Row id: the study''s NCT number times 10^9 plus 1 (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column detailed_descriptions.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column detailed_descriptions.description is 'The detailed description (descriptionModule.detailedDescription); null when the module lacks one.';
