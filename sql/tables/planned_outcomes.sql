-- Planned outcome measures (AACT design_outcomes): primary, secondary, other, each in list order.
create or replace table planned_outcomes as
with parsed as (
    select nct_id, outcomes as module
    from study_parsed
),

entries as (
    -- One list per record, so study_parsed is scanned once.
    select
        nct_id,
        unnest(list_concat(
            [{'outcome_type': 'primary', 'ordinal': i, 'o': o} for o, i in module.primaryOutcomes],
            [{'outcome_type': 'secondary', 'ordinal': i, 'o': o} for o, i in module.secondaryOutcomes],
            [{'outcome_type': 'other', 'ordinal': i, 'o': o} for o, i in module.otherOutcomes]
        )) as item
    from parsed
),

final as (
    select
        nct_id,
        item.outcome_type as outcome_type,
        item.ordinal as ordinal,
        item.o.measure as measure,
        item.o.timeFrame as time_frame,
        item.o.description as description
    from entries
)

select * from final
