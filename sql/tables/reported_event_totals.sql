-- AACT's reported_event_totals: per adverse-event group, three rows: all-cause mortality
-- ('deaths'), other and serious adverse events, each with the group's affected and at-risk
-- counts (adverseEventsModule.eventGroups); ids in AACT's load order (all groups' deaths rows,
-- then other, then serious).
-- aact: ctgov.reported_event_totals
create or replace table reported_event_totals as
with studies as (
    select
        nct_id,
        list_concat(
            [
                {
                    'code': g.id, 'event_type': 'deaths',
                    'classification': 'Total, all-cause mortality',
                    'affected': g.deathsNumAffected, 'at_risk': g.deathsNumAtRisk
                }
                for g in adverse_events.eventGroups
            ],
            [
                {
                    'code': g.id, 'event_type': 'other',
                    'classification': 'Total, other adverse events',
                    'affected': g.otherNumAffected, 'at_risk': g.otherNumAtRisk
                }
                for g in adverse_events.eventGroups
            ],
            [
                {
                    'code': g.id, 'event_type': 'serious',
                    'classification': 'Total, serious adverse events',
                    'affected': g.seriousNumAffected, 'at_risk': g.seriousNumAtRisk
                }
                for g in adverse_events.eventGroups
            ]
        ) as leaves
    from aact_results_parsed
),

entries as (
    select nct_id, unnest(leaves) as e, generate_subscripts(leaves, 1) as ordinal
    from studies
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        e.code as ctgov_group_code,
        e.event_type as event_type,
        e.classification as classification,
        ar_integer(e.affected) as subjects_affected,
        ar_integer(e.at_risk) as subjects_at_risk,
        null::timestamp as created_at,
        null::timestamp as updated_at
    from entries
)

select * from final
