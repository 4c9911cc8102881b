-- AACT's drop_withdrawals: why participants left, per period, reason type and group, flattened
-- from periods -> dropWithdraws -> reasons. result_group_id is the study's 'Participant Flow'
-- result group with the row's group code.
-- aact: ctgov.drop_withdrawals
create or replace table drop_withdrawals as
with entries as (
    select
        nct_id,
        unnest([
            {'ordinal': n, 'e': e}
            for e, n in flatten(flatten([
                [
                    [
                        {'period': p.title, 'type': w.type, 'comment': w.comment, 'r': r}
                        for r in w.reasons
                    ]
                    for w in p.dropWithdraws
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
        e.item.e.r.groupId as ctgov_group_code,
        e.item.e.period as period,
        e.item.e.type as reason,
        ar_integer(e.item.e.r.numSubjects) as count,
        e.item.e.comment as drop_withdraw_comment,
        e.item.e.r.comment as reason_comment,
        ar_integer(e.item.e.r.numUnits) as count_units
    from entries as e
    left join flow_groups as g
        on g.nct_id = e.nct_id and g.ctgov_group_code is not distinct from e.item.e.r.groupId
)

select * from final
