-- How many fetched studies are really about the topic? Studies by relevance tier and the evidence.
-- The topic queries have high recall and poor precision; study_relevance classifies every study:
-- primary (a primary term of the topic names a title, condition or keyword), secondary (a topic
-- term names an outcome measure or the condition beside another one, or the condition MeSH is a
-- topic MeSH id), excluded (everything else).
-- Columns: topic; tier; evidence_field (where the deciding text was: condition, keyword, title,
-- outcome, condition_mesh; none for excluded); studies; found_by_topic (returned by one of the
-- topic's own queries, not only by an import); share (of the topic's studies, 0 to 1);
-- example_nct_ids (up to 5, sorted).
with counted as (
    select
        topic,
        tier,
        coalesce(evidence_field, 'none') as evidence_field,
        count(*) as studies,
        count(*) filter (where found_by_topic) as found_by_topic,
        list(nct_id order by nct_id)[1:5] as example_nct_ids
    from study_relevance
    group by all
),

final as (
    select *, round(studies / sum(studies) over (partition by topic), 3) as share
    from counted
)

select * from final
order by topic, list_position(['primary', 'secondary', 'excluded'], tier), studies desc
