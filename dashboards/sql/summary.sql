-- Headline figures for the top of the dashboard: one row per figure (label, value, note).
-- The counts are the article page's: export_topics (what the export and the page read) gives the
-- studies checked and the relevant ones withheld, top_trials the trials listed.
with listed as (
    select s.*
    from top_trials as t
    inner join study_overview as s on s.nct_id = t.nct_id
    where t.topic = $topic
),

head as (
    select studies_considered, quarantined from export_topics where topic = $topic
),

counts as (
    select
        (select count(*) from listed) as listed,
        coalesce((select studies_considered from head), 0) as considered,
        coalesce((select quarantined from head), 0) as withheld
),

final as (
    select * from (values
        (1, 'Studies checked', (select considered from counts)::varchar,
            'every study the topic queries returned, relevant or not'),
        (2, 'Relevant trials', (
            select if(withheld = 0, listed::varchar, listed || ' listed, ' || withheld || ' withheld')
            from counts
        ), (
            select 'primary or secondary relevance, as the article page lists them'
                || if(withheld = 0, '', '; withheld: relevant, but the registry record is '
                    || 'incomplete or cannot be shown safely (quarantine)')
            from counts
        )),
        (3, 'Open now', (
            select count(*) from listed
            where is_open(overall_status)
        )::varchar, 'listed trials recruiting, opening soon or by invitation'),
        (4, 'Results posted', (select count(*) from listed where has_results)::varchar,
            'listed trials with results on ClinicalTrials.gov'),
        (5, 'Data as of', (
            select coalesce(left(max(data_timestamp), 10), max(version_holder)::varchar, 'n/a')
            from study_overview
        ), 'registry refresh the data was read from')
    ) as t(figure_order, label, value, note)
)

select label, value, note from final order by figure_order
