-- The ranked list per topic: score, per-component contributions, plain-English reasons and the
-- article sections each trial relates to. Ties break on status value, then the latest update,
-- then nct_id, so the order is total and deterministic.
create or replace view top_trials as
with labelled as (
    select
        sc.*,
        s.brief_title,
        s.acronym,
        s.overall_status,
        s.phases,
        s.enrollment,
        s.enrollment_type,
        s.start_date,
        s.start_date_precision,
        s.last_update_post_date,
        s.has_results,
        s.lead_sponsor_name,
        s.lead_sponsor_class,
        r.tier,
        r.reason as relevance_reason,
        case s.overall_status
            when 'RECRUITING' then 'Recruiting now'
            when 'NOT_YET_RECRUITING' then 'Opening soon: not yet recruiting'
            when 'ENROLLING_BY_INVITATION' then 'Enrolling by invitation'
            when 'AVAILABLE' then 'Expanded access available'
            when 'ACTIVE_NOT_RECRUITING' then 'Active, no longer recruiting'
            when 'COMPLETED' then 'Completed'
            when 'SUSPENDED' then 'Suspended'
            when 'TERMINATED' then 'Stopped early (terminated)'
            when 'WITHDRAWN' then 'Withdrawn before enrolling'
            when 'UNKNOWN' then 'Status not verified recently'
            else 'Status ' || lower(replace(s.overall_status, '_', ' '))
        end as status_reason,
        case
            when list_contains(s.phases, 'PHASE2') and list_contains(s.phases, 'PHASE3')
                then 'Phase 2/3'
            when list_contains(s.phases, 'PHASE1') and list_contains(s.phases, 'PHASE2')
                then 'Phase 1/2'
            when list_contains(s.phases, 'PHASE4') then 'Phase 4'
            when list_contains(s.phases, 'PHASE3') then 'Phase 3'
            when list_contains(s.phases, 'PHASE2') then 'Phase 2'
            when list_contains(s.phases, 'PHASE1') then 'Phase 1'
            when list_contains(s.phases, 'EARLY_PHASE1') then 'Early phase 1'
        end as phase_reason,
        case
            when s.enrollment > 0 and s.enrollment_type = 'ESTIMATED'
                then 'Aims to enrol ' || s.enrollment || ' participants'
            when s.enrollment > 0 then s.enrollment || ' participants'
        end as enrollment_reason,
        case
            when sc.site_count > 1 and sc.country_count > 1
                then sc.site_count || ' sites in ' || sc.country_count || ' countries'
            when sc.site_count > 1 then sc.site_count || ' sites'
        end as sites_reason,
        case when s.has_results then 'Results posted' end as results_reason
    from trial_scores as sc
    inner join studies as s on s.nct_id = sc.nct_id
    inner join study_relevance as r on r.topic = sc.topic and r.nct_id = sc.nct_id
),

final as (
    select
        topic,
        row_number() over (
            partition by topic
            order by score desc, status_value desc, last_update_post_date desc nulls last, nct_id
        ) as rank,
        nct_id,
        score,
        components,
        list_filter(
            [status_reason, phase_reason, relevance_reason, enrollment_reason, sites_reason,
             results_reason],
            x -> x is not null
        ) as reasons,
        article_sections,
        article_anchors,
        theme_ids,
        tier,
        relevance_reason,
        brief_title,
        acronym,
        overall_status,
        phases,
        enrollment,
        enrollment_type,
        start_date,
        start_date_precision,
        last_update_post_date,
        has_results,
        lead_sponsor_name,
        lead_sponsor_class,
        site_count,
        country_count,
        countries,
        -- Each reason apart, so a page can leave out what it already shows in a column.
        status_reason,
        phase_reason,
        enrollment_reason,
        sites_reason,
        results_reason
    from labelled
)

select * from final order by topic, rank
