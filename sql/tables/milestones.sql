-- AACT's milestones: the participant flow's counts per period, milestone (STARTED, COMPLETED,
-- ...) and group, flattened from periods -> milestones -> achievements. As AACT maps them,
-- description is the achievement's own description key (the API's achievements carry a comment
-- instead, which AACT does not load) and milestone_description the milestone's comment.
-- result_group_id is the study's 'Participant Flow' result group with the row's group code.
-- build: joins as written
-- aact: ctgov.milestones
create or replace table milestones as
with studies as (
    select
        nct_id,
        flatten(flatten([
            [
                [
                    {'period': p.title, 'type': m.type, 'comment': m.comment, 'a': a}
                    for a in m.achievements
                ]
                for m in p.milestones
            ]
            for p in participant_flow.periods
        ])) as leaves
    from aact_results_parsed
),

entries as (
    select nct_id, unnest(leaves) as e, generate_subscripts(leaves, 1) as ordinal
    from studies
),

flow_groups as (
    select nct_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where result_type = 'Participant Flow'
    group by all
),

final as (
    select
        aact_id(e.nct_id, e.ordinal) as id,
        e.nct_id,
        g.result_group_id,
        e.e.a.groupId as ctgov_group_code,
        e.e.type as title,
        e.e.period as period,
        e.e.a.description as description,
        ar_integer(e.e.a.numSubjects) as count,
        e.e.comment as milestone_description,
        e.e.a.numUnits as count_units
    from entries as e
    -- A missing code matches a group without one (see outcome_measurements.sql).
    left join flow_groups as g
        on
            g.nct_id = e.nct_id
            and coalesce(g.ctgov_group_code, '') = coalesce(e.e.a.groupId, '')
            and (g.ctgov_group_code is null) = (e.e.a.groupId is null)
)

select * from final
