-- One row per ranked trial of every topic with everything the top-trials export (v2) shows: the
-- ranking of top_trials plus the plain-text summary, eligibility, every site with its coordinates
-- and status, the registry's central contacts, the key dates, whether results are posted (and
-- when) and the related article sections.
-- pipeline/publish/export.py reads this view and only reshapes rows into JSON.
create or replace view export_trials as
with ids as (
    select distinct nct_id from top_trials
),

condition_lists as (
    select nct_id, list(name order by ordinal) as conditions
    from study_conditions
    semi join ids using (nct_id)
    group by all
),

intervention_lists as (
    select nct_id, list({'type': intervention_type, 'name': name} order by ordinal) as interventions
    from study_interventions
    semi join ids using (nct_id)
    group by all
),

location_lists as (
    select
        nct_id,
        list(
            {
                'facility': facility,
                'status': status,
                'city': city,
                'state': state,
                'zip': zip,
                'country': country,
                'latitude': latitude,
                'longitude': longitude
            }
            order by ordinal
        ) as locations
    from locations
    semi join ids using (nct_id)
    group by all
),

contact_lists as (
    select
        nct_id,
        list(
            {'name': name, 'role': role, 'phone': phone, 'phone_ext': phone_ext, 'email': email}
            order by ordinal
        ) as central_contacts
    from study_contacts
    semi join ids using (nct_id)
    group by nct_id
),

sections as (
    select
        tt.topic,
        tt.nct_id,
        list({'id': th.theme_id, 'label': th.label, 'anchor': th.anchor} order by th.theme_order)
            as article_sections
    from (select topic, nct_id, unnest(theme_ids) as theme_id from top_trials) as tt
    inner join topics as tp on tp.topic = tt.topic
    inner join (
        select distinct article, theme_id, label, anchor, theme_order from article_themes
    ) as th on th.article = tp.article and th.theme_id = tt.theme_id
    group by all
),

final as (
    select
        t.topic,
        t.rank,
        t.nct_id,
        t.brief_title,
        t.acronym,
        t.overall_status,
        is_open(t.overall_status) as open_to_enrol,
        t.phases,
        s.brief_summary,
        coalesce(c.conditions, []) as conditions,
        coalesce(i.interventions, []) as interventions,
        t.lead_sponsor_name,
        t.lead_sponsor_class,
        t.enrollment,
        t.enrollment_type,
        t.start_date,
        t.start_date_precision,
        s.primary_completion_date,
        s.primary_completion_date_precision,
        s.completion_date,
        s.completion_date_precision,
        s.study_first_post_date,
        s.last_update_post_date,
        coalesce(s.has_results, false) as has_results,
        s.results_first_post_date,
        s.results_first_post_date_precision,
        e.nct_id is not null as has_eligibility,
        e.sex,
        e.minimum_age,
        e.maximum_age,
        e.minimum_age_years,
        e.maximum_age_years,
        e.healthy_volunteers,
        e.std_ages,
        e.criteria,
        t.site_count,
        t.country_count,
        t.countries,
        coalesce(l.locations, []) as locations,
        coalesce(ct.central_contacts, []) as central_contacts,
        t.tier,
        t.relevance_reason,
        t.score,
        t.components,
        t.reasons,
        t.status_reason,
        t.phase_reason,
        t.enrollment_reason,
        t.sites_reason,
        t.results_reason,
        coalesce(sec.article_sections, []) as article_sections
    from top_trials as t
    inner join study_overview as s on s.nct_id = t.nct_id
    left join study_eligibility as e on e.nct_id = t.nct_id
    left join condition_lists as c on c.nct_id = t.nct_id
    left join intervention_lists as i on i.nct_id = t.nct_id
    left join location_lists as l on l.nct_id = t.nct_id
    left join contact_lists as ct on ct.nct_id = t.nct_id
    left join sections as sec on sec.topic = t.topic and sec.nct_id = t.nct_id
)

select * from final order by topic, rank
