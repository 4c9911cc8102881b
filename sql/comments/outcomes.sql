-- Descriptions of outcomes; docs/schema.md is generated from them (make docs).
comment on table outcomes is 'AACT''s outcomes table (published as ctgov.outcomes): the outcome measures a study reported results for, one row per resultsSection.outcomeMeasuresModule.outcomeMeasures[] entry in record order. The planned measures are our outcomes table (AACT''s design_outcomes). Key id; the values per group are in outcome_measurements, the analyses in outcome_analyses.';
comment on column outcomes.id is 'Stable row id, aact_id(nct_id, position of the measure in outcomeMeasures). AACT: a serial integer; here a bigint that joins: outcome_measurements, outcome_counts, outcome_analyses and result_groups carry it as outcome_id.';
comment on column outcomes.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column outcomes.outcome_type is 'PRIMARY, SECONDARY, OTHER_PRE_SPECIFIED or POST_HOC, as API v2 gives it (outcomeMeasures[].type).';
comment on column outcomes.title is 'Name of the measure as reported (.title).';
comment on column outcomes.description is 'How the measure was assessed (.description).';
comment on column outcomes.time_frame is 'When it was assessed, as text (.timeFrame).';
comment on column outcomes.population is 'Who was analysed, e.g. the analysis population and why participants are missing (.populationDescription).';
comment on column outcomes.anticipated_posting_date is 'For a measure whose results are not posted yet, when they are expected (.anticipatedPostingDate), a month as its first day (aact_month_start).';
comment on column outcomes.anticipated_posting_month_year is 'The same date as the registry gives it, e.g. 2025-06 (.anticipatedPostingDate).';
comment on column outcomes.units is 'Unit of the reported values, e.g. Participants or mg/dL (.unitOfMeasure).';
comment on column outcomes.units_analyzed is 'What was counted when not participants, e.g. eyes or lesions (.typeUnitsAnalyzed).';
comment on column outcomes.dispersion_type is 'Kind of spread reported with the values, e.g. Standard Deviation or 95% Confidence Interval (.dispersionType).';
comment on column outcomes.param_type is 'Kind of value reported, e.g. MEAN, MEDIAN, COUNT_OF_PARTICIPANTS (.paramType).';
