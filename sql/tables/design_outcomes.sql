-- AACT's design_outcomes: the outcomes the protocol plans to measure (outcomesModule), one row
-- per entry with outcome_type 'other', 'secondary' or 'primary', in that order (AACT's insert
-- order, so ids sort as AACT's do within a study), each list in its own order. population is
-- not in AACT's mapping: always null.
-- aact: ctgov.design_outcomes
create or replace table design_outcomes as
with planned as (
    select
        nct_id,
        list_concat(
            list_concat(
                [{'outcome_type': 'other', 'o': o} for o in outcomes.otherOutcomes],
                [{'outcome_type': 'secondary', 'o': o} for o in outcomes.secondaryOutcomes]
            ),
            [{'outcome_type': 'primary', 'o': o} for o in outcomes.primaryOutcomes]
        ) as items
    from study_parsed
    where usable_id
),

entries as (
    select nct_id, unnest(numbered(items), max_depth := 2)
    from planned
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.outcome_type,
        item.o.measure,
        item.o.timeFrame as time_frame,
        null::varchar as population,
        item.o.description
    from entries
)

select * from final
