-- Descriptions of design_outcomes (AACT's ctgov.design_outcomes); docs/schema.md is generated from them (make docs).
comment on table design_outcomes is 'AACT''s design_outcomes: the outcome measures the protocol plans (protocolSection.outcomesModule), one row per entry of primaryOutcomes, secondaryOutcomes and otherOutcomes. Results for them are in AACT''s outcomes tables.';
comment on column design_outcomes.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in AACT''s insert order: other, then secondary, then primary outcomes, each list in order (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column design_outcomes.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column design_outcomes.outcome_type is 'primary, secondary or other: the list the entry comes from.';
comment on column design_outcomes.measure is 'What is measured (the entry''s measure).';
comment on column design_outcomes.time_frame is 'When it is measured (the entry''s timeFrame).';
comment on column design_outcomes.population is 'Not in AACT''s v2 mapping and not in the protocol''s outcome entries: always null.';
comment on column design_outcomes.description is 'More on the measure (the entry''s description).';
