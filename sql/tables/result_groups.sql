-- AACT's result_groups: the arms or groups results are reported for, from four lists: each
-- outcome measure's groups ('Outcome', with its outcome_id), the adverse events' eventGroups
-- ('Reported Event'), the participant flow's groups ('Participant Flow') and the baseline's
-- groups ('Baseline'). Ids follow the order AACT's loader inserts them in: outcome groups
-- (outcome by outcome) first, then the other three lists in that order. Within each of those
-- three a group repeated with the same id, title and description is kept once, as AACT's
-- `unique` mapping does; outcome groups are kept as they are.
--
-- Unnested level by level (outcomes, then their groups; the other three lists on their own), so
-- that no step builds a study's list of every outcome's groups with their texts: built at once,
-- that list held 410 MiB outside DuckDB's memory limit at 100,000 studies. An outcome group's
-- position is its outcome's offset (the groups of the study's earlier outcomes, from a window
-- over the outcomes' sizes only) plus its own; the other groups come after every outcome group,
-- and only they are deduplicated.
-- build: joins as written
-- aact: ctgov.result_groups
create or replace table result_groups as
with outcome_lists as not materialized (
    -- One row per outcome measure with its groups: no step builds a study's list of every
    -- outcome's groups (with their texts) at once.
    select
        nct_id,
        generate_subscripts(outcome_measures, 1) as outcome_ordinal,
        unnest(outcome_measures).groups as groups
    from aact_results_parsed
),

outcome_offsets as (
    -- Where each outcome's groups start: the groups of the study's earlier outcomes.
    select
        nct_id,
        outcome_ordinal,
        coalesce(sum(coalesce(len(groups), 0)) over (
            partition by nct_id order by outcome_ordinal
            rows between unbounded preceding and 1 preceding
        ), 0)::bigint as outcome_offset
    from outcome_lists
),

outcome_groups as (
    select
        l.nct_id,
        o.outcome_offset + generate_subscripts(l.groups, 1) as position,
        'Outcome' as result_type,
        l.outcome_ordinal,
        unnest(l.groups) as g
    from outcome_lists as l
    inner join outcome_offsets as o
        on o.nct_id = l.nct_id and o.outcome_ordinal = l.outcome_ordinal
),

outcome_totals as (
    select nct_id, coalesce(sum(coalesce(len(groups), 0)), 0)::bigint as outcome_groups
    from outcome_lists
    group by nct_id
),

other_lists as not materialized (
    select
        r.nct_id,
        coalesce(t.outcome_groups, 0) as base,
        r.adverse_events.eventGroups as events,
        r.participant_flow.groups as flow,
        r.baseline.groups as baseline
    from aact_results_parsed as r
    left join outcome_totals as t on t.nct_id = r.nct_id
),

other_groups as (
    select
        nct_id, base + generate_subscripts(events, 1) as position,
        'Reported Event' as result_type, unnest(events) as g
    from other_lists
    union all
    select
        nct_id, base + coalesce(len(events), 0) + generate_subscripts(flow, 1) as position,
        'Participant Flow' as result_type, unnest(flow) as g
    from other_lists
    union all
    select
        nct_id,
        base + coalesce(len(events), 0) + coalesce(len(flow), 0)
        + generate_subscripts(baseline, 1) as position,
        'Baseline' as result_type, unnest(baseline) as g
    from other_lists
),

other_kept as (
    select
        nct_id,
        position,
        result_type,
        g.id as ctgov_group_code,
        g.title as title,
        g.description as description
    from other_groups
    -- Window partitions treat nulls as equal, as Ruby's comparison of the rows' attributes does.
    qualify row_number() over (
        partition by nct_id, result_type, ctgov_group_code, title, description order by position
    ) = 1
),

final as (
    select
        aact_id(nct_id, position) as id,
        nct_id,
        g.id as ctgov_group_code,
        result_type,
        g.title as title,
        g.description as description,
        aact_id(nct_id, outcome_ordinal) as outcome_id
    from outcome_groups
    union all
    -- The other groups are numbered after every outcome group, in order, without the repeats.
    select
        aact_id(
            o.nct_id,
            coalesce(t.outcome_groups, 0)
            + row_number() over (partition by o.nct_id order by o.position)
        ) as id,
        o.nct_id,
        o.ctgov_group_code,
        o.result_type,
        o.title,
        o.description,
        null::bigint as outcome_id
    from other_kept as o
    left join outcome_totals as t on t.nct_id = o.nct_id
)

select * from final
