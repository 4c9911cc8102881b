-- The studies each ranked topic classifies (study_relevance): those its own queries returned
-- (study_topics), and those no topic's query returned (imported records), which every ranked topic
-- looks at. A study only another topic's queries found is not classified for this one, so a topic
-- costs what its queries return, not the whole store (a registry mirror holds every study).
create or replace table topic_candidates as
with ranked_topics as (
    select topic from topics where ranked
),

found as (
    select st.topic, st.nct_id
    from study_topics as st
    semi join ranked_topics as t on t.topic = st.topic
),

unclaimed as (
    select t.topic, s.nct_id
    from study_overview as s
    anti join study_topics as st on st.nct_id = s.nct_id
    cross join ranked_topics as t
),

final as (
    select * from found
    union all
    select * from unclaimed
)

select * from final
