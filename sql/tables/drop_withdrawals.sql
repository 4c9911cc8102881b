-- AACT's drop_withdrawals: why participants left, per period, reason type and group, flattened
-- from periods -> dropWithdraws -> reasons. result_group_id is the study's 'Participant Flow'
-- result group with the row's group code.
-- build: joins as written
-- aact: ctgov.drop_withdrawals
create or replace table drop_withdrawals as
with studies as (
    select
        nct_id,
        flatten(flatten([
            [
                [
                    {'period': p.title, 'type': w.type, 'comment': w.comment, 'r': r}
                    for r in w.reasons
                ]
                for w in p.dropWithdraws
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
        e.e.r.groupId as ctgov_group_code,
        e.e.period as period,
        e.e.type as reason,
        ar_integer(e.e.r.numSubjects) as count,
        e.e.comment as drop_withdraw_comment,
        e.e.r.comment as reason_comment,
        ar_integer(e.e.r.numUnits) as count_units
    from entries as e
    -- A missing code matches a group without one (see outcome_measurements.sql).
    left join flow_groups as g
        on
            g.nct_id = e.nct_id
            and coalesce(g.ctgov_group_code, '') = coalesce(e.e.r.groupId, '')
            and (g.ctgov_group_code is null) = (e.e.r.groupId is null)
)

select * from final
