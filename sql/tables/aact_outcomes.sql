-- AACT's outcomes (published as ctgov.outcomes): one row per reported outcome measure of
-- resultsSection.outcomeMeasuresModule.outcomeMeasures, in record order. The planned measures are
-- AACT's design_outcomes; our own `outcomes` table is those.
-- aact: ctgov.outcomes
create or replace table aact_outcomes as
with measures as (
    select nct_id, unnest([{'ordinal': i, 'o': o} for o, i in outcome_measures]) as item
    from aact_results_parsed
),

final as (
    select
        aact_id(nct_id, item.ordinal) as id,
        nct_id,
        item.o.type as outcome_type,
        item.o.title as title,
        item.o.description as description,
        item.o.timeFrame as time_frame,
        item.o.populationDescription as population,
        aact_month_start(item.o.anticipatedPostingDate) as anticipated_posting_date,
        item.o.anticipatedPostingDate as anticipated_posting_month_year,
        item.o.unitOfMeasure as units,
        item.o.typeUnitsAnalyzed as units_analyzed,
        item.o.dispersionType as dispersion_type,
        item.o.paramType as param_type
    from measures
)

select * from final
