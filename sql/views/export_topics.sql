-- One row per topic: the head of its top-trials export (what was considered, excluded and
-- withheld, the score weights and the data date). pipeline/publish/export.py reads it beside export_trials.
create or replace view export_topics as
with considered as (
    select topic, count(*) as studies_considered
    from study_relevance
    group by all
),

excluded as (
    select topic, map(list(reason order by n desc, reason), list(n order by n desc, reason))
        as excluded_by_reason
    from (
        select topic, reason, count(*) as n
        from study_relevance
        where tier = 'excluded'
        group by all
    )
    group by all
),

held as (
    select
        r.topic,
        list(distinct r.nct_id order by r.nct_id)
            filter (where q.reason_code = 'missing_required'
                    and regexp_full_match(r.nct_id, 'NCT[0-9]{8}')) as withheld_incomplete,
        count(distinct r.nct_id) as quarantined
    from study_relevance as r
    inner join quarantine as q on q.nct_id = r.nct_id
    where r.tier <> 'excluded' and not r.removed_from_topic
    group by all
),

weights as (
    select topic, map(list(component order by component), list(weight order by component))
        as score_weights
    from topic_weights
    group by all
),

listed as (
    select topic, count(*) as studies_listed
    from top_trials
    group by all
),

final as (
    select
        t.topic,
        t.title as topic_title,
        t.article,
        t.article_title,
        (select max(data_timestamp) from current_records) as data_timestamp,
        coalesce(c.studies_considered, 0) as studies_considered,
        coalesce(l.studies_listed, 0) as studies_listed,
        coalesce(e.excluded_by_reason, map()) as excluded_by_reason,
        coalesce(h.withheld_incomplete, []) as withheld_incomplete,
        coalesce(h.quarantined, 0) as quarantined,
        coalesce(w.score_weights, map()) as score_weights
    from topics as t
    left join considered as c on c.topic = t.topic
    left join listed as l on l.topic = t.topic
    left join excluded as e on e.topic = t.topic
    left join held as h on h.topic = t.topic
    left join weights as w on w.topic = t.topic
)

select * from final order by topic
