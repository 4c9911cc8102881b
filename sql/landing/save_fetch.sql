-- One query's fetch figures (sql/raw/raw_fetches.sql has the columns), in that order.
insert or replace into raw_fetches by name
select
    ?::varchar as run_id,
    ?::varchar as topic,
    ?::varchar as query_id,
    ?::varchar as mode,
    ?::date as since,
    ?::json as params,
    ?::varchar as data_timestamp,
    ?::bigint as total_count,
    ?::bigint as received,
    ?::bigint as unique_received,
    ?::bigint as pages,
    ?::bigint as requests,
    ?::timestamp as fetched_at
