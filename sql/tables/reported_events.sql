-- AACT's reported_events: one row per adverse event term and group (adverseEventsModule's
-- otherEvents and seriousEvents, each flattened over its stats), the module's time frame,
-- threshold and description repeated on every row. Ids follow AACT's load order: the 'other'
-- events first, then the 'serious' ones. result_group_id is the study's 'Reported Event' result
-- group with the row's group code (the last one when a code repeats).
-- aact: ctgov.reported_events
create or replace table reported_events as
with entries as (
    select
        nct_id,
        adverse_events.timeFrame as time_frame,
        adverse_events.frequencyThreshold as frequency_threshold,
        adverse_events.description as description,
        unnest([
            {'ordinal': n, 'e': e}
            for e, n in list_concat(
                flatten([
                    [{'event_type': 'other', 'event': v, 's': s} for s in v.stats]
                    for v in adverse_events.otherEvents
                ]),
                flatten([
                    [{'event_type': 'serious', 'event': v, 's': s} for s in v.stats]
                    for v in adverse_events.seriousEvents
                ])
            )
        ]) as item
    from aact_results_parsed
),

event_groups as (
    select nct_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where result_type = 'Reported Event'
    group by all
),

final as (
    select
        aact_id(e.nct_id, e.item.ordinal) as id,
        e.nct_id,
        g.result_group_id,
        e.item.e.s.groupId as ctgov_group_code,
        e.time_frame,
        e.item.e.event_type as event_type,
        null::varchar as default_vocab,
        null::varchar as default_assessment,
        ar_integer(e.item.e.s.numAffected) as subjects_affected,
        ar_integer(e.item.e.s.numAtRisk) as subjects_at_risk,
        e.description,
        ar_integer(e.item.e.s.numEvents) as event_count,
        e.item.e.event.organSystem as organ_system,
        e.item.e.event.term as adverse_event_term,
        ar_integer(e.frequency_threshold) as frequency_threshold,
        e.item.e.event.sourceVocabulary as vocab,
        e.item.e.event.assessmentType as assessment
    from entries as e
    left join event_groups as g
        on g.nct_id = e.nct_id and g.ctgov_group_code is not distinct from e.item.e.s.groupId
)

select * from final
