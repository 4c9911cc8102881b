-- AACT's reported_events: one row per adverse event term and group (adverseEventsModule's
-- otherEvents and seriousEvents, each flattened over its stats), the module's time frame,
-- threshold and description repeated on every row. Ids follow AACT's load order: the 'other'
-- events first, then the 'serious' ones. result_group_id is the study's 'Reported Event' result
-- group with the row's group code (the last one when a code repeats).
--
-- Unnested level by level (events, then their stats), so that no step holds a chunk of studies'
-- rows as lists: built as one list of rows per study, the adverse events of 2,048 studies took
-- ~300 MB more memory. A row's position is its event's offset (the stats of the study's earlier
-- events; the serious ones come after all the other ones) plus its own; the offsets' window
-- sees only the events' sizes, and the module's texts join the rows at the end.
-- Built in two parts, each over half the studies (by a hash of nct_id): at 580,000 studies the
-- window over every event's size, the hash table of their offsets and the insert's row groups
-- of wide rows did not fit the writer limit at once.
-- build: in 2 parts
-- build: joins as written
-- aact: ctgov.reported_events
create or replace table reported_events as
-- Not materialised: DuckDB materialises a CTE read more than once, and this one (every event
-- list of the registry's results) held 300 MB at 100,000 studies, past the writer limit at
-- 580,000; read twice, it is two scans of aact_results_parsed instead.
with studies as not materialized (
    -- The event lists alone: the module's texts join the rows at the end (modules), so no hash
    -- table or materialised step holds them beside the lists.
    select
        nct_id,
        adverse_events.otherEvents as other_events,
        adverse_events.seriousEvents as serious_events
    from aact_results_parsed
    where
        hash(nct_id) % coalesce(getvariable('build_parts'), 1)
        = coalesce(getvariable('build_part'), 0)
),

modules as (
    select
        nct_id,
        adverse_events.timeFrame as time_frame,
        adverse_events.frequencyThreshold as frequency_threshold,
        adverse_events.description as description
    from aact_results_parsed
    where
        hash(nct_id) % coalesce(getvariable('build_parts'), 1)
        = coalesce(getvariable('build_part'), 0)
),

events as (
    select nct_id, 'other' as event_type, 1 as part,
        unnest(other_events) as v, generate_subscripts(other_events, 1) as event_ordinal
    from studies
    union all
    select nct_id, 'serious' as event_type, 2 as part,
        unnest(serious_events) as v, generate_subscripts(serious_events, 1) as event_ordinal
    from studies
),

-- The window runs over the events' sizes alone: carrying each event (and the module's long
-- description) through it held every adverse event of the registry's results at once (it ran
-- out of a 640 MB limit at 580,000 studies).
sizes as (
    select
        nct_id, 1 as part, generate_subscripts(other_events, 1) as event_ordinal,
        unnest([len(e.stats) for e in other_events]) as n
    from studies
    union all
    select
        nct_id, 2 as part, generate_subscripts(serious_events, 1) as event_ordinal,
        unnest([len(e.stats) for e in serious_events]) as n
    from studies
),

offsets as (
    select
        nct_id,
        part,
        event_ordinal,
        coalesce(sum(n) over (
            partition by nct_id order by part, event_ordinal
            rows between unbounded preceding and 1 preceding
        ), 0)::bigint as event_offset
    from sizes
),

entries as (
    select
        e.nct_id,
        e.event_type,
        e.v.term as term,
        e.v.organSystem as organ_system,
        e.v.sourceVocabulary as vocab,
        e.v.assessmentType as assessment,
        unnest(e.v.stats) as s,
        o.event_offset + generate_subscripts(e.v.stats, 1) as ordinal
    from events as e
    inner join offsets as o
        on o.nct_id = e.nct_id and o.part = e.part and o.event_ordinal = e.event_ordinal
),

event_groups as (
    select nct_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where
        result_type = 'Reported Event'
        and hash(nct_id) % coalesce(getvariable('build_parts'), 1)
        = coalesce(getvariable('build_part'), 0)
    group by all
),

final as (
    select
        aact_id(e.nct_id, e.ordinal) as id,
        e.nct_id,
        g.result_group_id,
        e.s.groupId as ctgov_group_code,
        m.time_frame,
        e.event_type as event_type,
        null::varchar as default_vocab,
        null::varchar as default_assessment,
        ar_integer(e.s.numAffected) as subjects_affected,
        ar_integer(e.s.numAtRisk) as subjects_at_risk,
        m.description,
        ar_integer(e.s.numEvents) as event_count,
        e.organ_system as organ_system,
        e.term as adverse_event_term,
        ar_integer(m.frequency_threshold) as frequency_threshold,
        e.vocab as vocab,
        e.assessment as assessment
    from entries as e
    -- The module's time frame, threshold and description, repeated on every row as AACT does.
    inner join modules as m on m.nct_id = e.nct_id
    -- A missing code matches a group without one (see outcome_measurements.sql).
    left join event_groups as g
        on
            g.nct_id = e.nct_id
            and coalesce(g.ctgov_group_code, '') = coalesce(e.s.groupId, '')
            and (g.ctgov_group_code is null) = (e.s.groupId is null)
)

select * from final
