-- Headline figures for the top of the dashboard: one row per figure (label, value, note).
with relevant as (
    select s.*
    from study_relevance as r
    inner join studies as s on s.nct_id = r.nct_id
    where r.topic = $topic and r.tier <> 'excluded'
),

final as (
    select * from (values
        (1, 'Studies fetched', (select count(*) from studies)::varchar,
            'every study the topic queries returned'),
        (2, 'Relevant trials', (select count(*) from relevant)::varchar,
            'primary or secondary relevance'),
        (3, 'Open now', (
            select count(*) from relevant
            where is_open(overall_status)
        )::varchar, 'recruiting, opening soon or by invitation'),
        (4, 'Results posted', (select count(*) from relevant where has_results)::varchar,
            'relevant trials with results on ClinicalTrials.gov'),
        (5, 'Data as of', (
            select coalesce(left(max(data_timestamp), 10), max(version_holder)::varchar, 'n/a')
            from studies
        ), 'registry refresh the data was read from')
    ) as t(figure_order, label, value, note)
)

select label, value, note from final order by figure_order
