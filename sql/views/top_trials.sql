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
        coalesce(
            (select v.reason from vocabulary as v
             where v.kind = 'status' and v.value = s.overall_status),
            'Status ' || lower(replace(s.overall_status, '_', ' '))
        ) as status_reason,
        case
            when list_contains(s.phases, 'PHASE2') and list_contains(s.phases, 'PHASE3')
                then 'Phase 2/3'
            when list_contains(s.phases, 'PHASE1') and list_contains(s.phases, 'PHASE2')
                then 'Phase 1/2'
            else (
                select max_by(v.reason, v.sort) from vocabulary as v
                where v.kind = 'phase' and v.reason is not null and list_contains(s.phases, v.value)
            )
        end as phase_reason,
        case
            when s.enrollment > 0 and s.enrollment_type = 'ESTIMATED'
                then 'Aims to enrol ' || s.enrollment
                || if(s.enrollment = 1, ' participant', ' participants')
            when s.enrollment > 0
                then s.enrollment || if(s.enrollment = 1, ' participant', ' participants')
        end as enrollment_reason,
        case
            when sc.site_count > 1 and sc.country_count > 1
                then sc.site_count || ' sites in ' || sc.country_count || ' countries'
            when sc.site_count > 1 then sc.site_count || ' sites'
        end as sites_reason,
        case when s.has_results then 'Results posted' end as results_reason
    from trial_scores as sc
    inner join study_overview as s on s.nct_id = sc.nct_id
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
            lambda x: x is not null
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
