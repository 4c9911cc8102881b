-- AACT's outcomes (published as ctgov.outcomes): one row per reported outcome measure of
-- resultsSection.outcomeMeasuresModule.outcomeMeasures, in record order. The planned measures are
-- AACT's design_outcomes; our own `outcomes` table is those.
-- aact: ctgov.outcomes
create or replace table outcomes as
with measures as (
    select
        nct_id,
        unnest(outcome_measures) as o,
        generate_subscripts(outcome_measures, 1) as ordinal
    from aact_results_parsed
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        o.type as outcome_type,
        o.title as title,
        o.description as description,
        o.timeFrame as time_frame,
        o.populationDescription as population,
        aact_month_start(o.anticipatedPostingDate) as anticipated_posting_date,
        o.anticipatedPostingDate as anticipated_posting_month_year,
        o.unitOfMeasure as units,
        o.typeUnitsAnalyzed as units_analyzed,
        o.dispersionType as dispersion_type,
        o.paramType as param_type
    from measures
)

select * from final
