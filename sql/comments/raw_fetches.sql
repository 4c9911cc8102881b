-- Descriptions of raw_fetches; docs/schema.md is generated from them (make docs).
comment on table raw_fetches is 'One row per topic query per run: what the server said it had (totalCount) against what arrived, and how many requests it took. Key (run_id, topic, query_id). The source of the fetch_count_mismatch check and the dashboard''s pipeline health panel.';
comment on column raw_fetches.run_id is 'Run id, the UTC start time as 20261125T101500123456Z; sorts in run order.';
comment on column raw_fetches.topic is 'Topic slug (topics/<slug>.toml).';
comment on column raw_fetches.query_id is 'Id of the topic query fetched ([[queries]] id in the topic file).';
comment on column raw_fetches.mode is 'full (every study the query matches) or incremental (only studies updated since `since`).';
comment on column raw_fetches.since is 'For incremental fetches, the last-update date the query was limited to (studies updated on or after it); null for full fetches.';
comment on column raw_fetches.params is 'The query parameters sent to GET /studies as a JSON object (query.cond, query.titles ...); the client adds pageSize, countTotal and pageToken.';
comment on column raw_fetches.data_timestamp is 'The API''s dataTimestamp (GET /version) during the fetch: which daily refresh of the registry was read.';
comment on column raw_fetches.total_count is 'totalCount the API reported on the first page (countTotal=true): how many studies match the query. Null if the server did not say.';
comment on column raw_fetches.received is 'Study records received over all pages, duplicates included.';
comment on column raw_fetches.unique_received is 'Distinct records received: a record repeated across pages counts once, different records with one NCT id count apart. A complete fetch has this or received equal to total_count (received when the server counted a record it sent twice).';
comment on column raw_fetches.pages is 'Pages received (pageSize studies each, nextPageToken between them).';
comment on column raw_fetches.requests is 'HTTP requests made, retries included: requests minus pages is the retry count.';
comment on column raw_fetches.fetched_at is 'UTC time the query''s last page arrived.';
