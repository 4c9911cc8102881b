-- Descriptions of planned_outcomes; docs/schema.md is generated from them (make docs).
comment on table planned_outcomes is 'Planned outcome measures (AACT design_outcomes): primary, secondary, other, each in list order. Results for them, when posted, are not loaded (see studies.has_results). Key (nct_id, outcome_type, ordinal).';
comment on column planned_outcomes.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column planned_outcomes.outcome_type is 'primary (protocolSection.outcomesModule.primaryOutcomes), secondary (secondaryOutcomes) or other (otherOutcomes: other pre-specified measures).';
comment on column planned_outcomes.ordinal is 'Position within its list, 1-based.';
comment on column planned_outcomes.measure is 'What is measured, e.g. Change From Baseline in Total Lesion Count at Week 12 (.measure).';
comment on column planned_outcomes.time_frame is 'When it is measured, as text, e.g. 4 weeks (.timeFrame).';
comment on column planned_outcomes.description is 'How it is measured (.description).';
