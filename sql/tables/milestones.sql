-- AACT's milestones: the participant flow's counts per period, milestone (STARTED, COMPLETED,
-- ...) and group, flattened from periods -> milestones -> achievements. As AACT maps them,
-- description is the achievement's own description key (the API's achievements carry a comment
-- instead, which AACT does not load) and milestone_description the milestone's comment.
-- result_group_id is the study's 'Participant Flow' result group with the row's group code.
-- aact: ctgov.milestones
create or replace table milestones as
with entries as (
    select
        nct_id,
        unnest([
            {'ordinal': n, 'e': e}
            for e, n in flatten(flatten([
                [
                    [
                        {'period': p.title, 'type': m.type, 'comment': m.comment, 'a': a}
                        for a in m.achievements
                    ]
                    for m in p.milestones
                ]
                for p in participant_flow.periods
            ]))
        ]) as item
    from aact_results_parsed
),

flow_groups as (
    select nct_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where result_type = 'Participant Flow'
    group by all
),

final as (
    select
        aact_id(e.nct_id, e.item.ordinal) as id,
        e.nct_id,
        g.result_group_id,
        e.item.e.a.groupId as ctgov_group_code,
        e.item.e.type as title,
        e.item.e.period as period,
        e.item.e.a.description as description,
        ar_integer(e.item.e.a.numSubjects) as count,
        e.item.e.comment as milestone_description,
        e.item.e.a.numUnits as count_units
    from entries as e
    left join flow_groups as g
        on g.nct_id = e.nct_id and g.ctgov_group_code is not distinct from e.item.e.a.groupId
)

select * from final
