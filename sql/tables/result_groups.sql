-- AACT's result_groups: the arms or groups results are reported for, from four lists: each
-- outcome measure's groups ('Outcome', with its outcome_id), the adverse events' eventGroups
-- ('Reported Event'), the participant flow's groups ('Participant Flow') and the baseline's
-- groups ('Baseline'). Ids follow the order AACT's loader inserts them in: outcome groups
-- (outcome by outcome) first, then the other three lists in that order. Within each of those
-- three a group repeated with the same id, title and description is kept once, as AACT's
-- `unique` mapping does; outcome groups are kept as they are.
-- aact: ctgov.result_groups
create or replace table result_groups as
with entries as (
    select
        nct_id,
        unnest([
            {'position': p, 'source': e.source, 'outcome_ordinal': e.outcome_ordinal, 'g': e.g}
            for e, p in list_concat(
                flatten([
                    [{'source': 'Outcome', 'outcome_ordinal': i, 'g': g} for g in o.groups]
                    for o, i in outcome_measures
                ]),
                [
                    {'source': 'Reported Event', 'outcome_ordinal': null::bigint, 'g': g}
                    for g in adverse_events.eventGroups
                ],
                [
                    {'source': 'Participant Flow', 'outcome_ordinal': null::bigint, 'g': g}
                    for g in participant_flow.groups
                ],
                [
                    {'source': 'Baseline', 'outcome_ordinal': null::bigint, 'g': g}
                    for g in baseline.groups
                ]
            )
        ]) as item
    from aact_results_parsed
),

kept as (
    select
        nct_id,
        item.position as position,
        item.source as result_type,
        item.outcome_ordinal as outcome_ordinal,
        item.g.id as ctgov_group_code,
        item.g.title as title,
        item.g.description as description
    from entries
    -- Window partitions treat nulls as equal, as Ruby's comparison of the rows' attributes does.
    qualify result_type = 'Outcome' or row_number() over (
        partition by nct_id, result_type, ctgov_group_code, title, description order by position
    ) = 1
),

final as (
    select
        aact_id(nct_id, row_number() over (partition by nct_id order by position)) as id,
        nct_id,
        ctgov_group_code,
        result_type,
        title,
        description,
        aact_id(nct_id, outcome_ordinal) as outcome_id
    from kept
)

select * from final
