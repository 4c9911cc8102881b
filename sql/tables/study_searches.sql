-- Our saved searches in the shape of AACT's study_searches: one row per API query of each topic
-- loaded for this build (topic_queries), where AACT has one per query it runs against the
-- registry each night. grouping is the topic, name the query's id, query its API parameters.
-- id is the query's 1-based place among them, by topic and then by its place in the topic file:
-- the same in every build from the same topic files.
-- aact: ctgov.study_searches
create or replace table study_searches as
with final as (
    select
        row_number() over (order by topic, ordinal)::integer as id,
        false as save_tsv,
        params::varchar as query,
        topic as "grouping",
        query_id as name,
        true as beta_api,
        null::timestamp as created_at,
        null::timestamp as updated_at,
        true as active
    from topic_queries
)

select * from final
