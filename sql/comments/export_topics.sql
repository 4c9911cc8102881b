-- Descriptions of export_topics; docs/schema.md is generated from them (make docs).
comment on view export_topics is 'The head of each topic''s top-trials export (pipeline/publish/export.py): what was considered, listed, excluded and withheld, and the score weights. One row per topic.';
comment on column export_topics.topic is 'Topic slug (topics.topic). Key.';
comment on column export_topics.topic_title is 'Topic title (topics.title).';
comment on column export_topics.article is 'Slug of the article the list is published beside (topics.article); null for none.';
comment on column export_topics.article_title is 'Title of that article (topics.article_title).';
comment on column export_topics.data_timestamp is 'The API dataTimestamp of the newest record loaded (max of study_records.data_timestamp); null for an imported database.';
comment on column export_topics.studies_considered is 'Studies the topic''s queries found and the relevance rules classified (study_relevance rows).';
comment on column export_topics.studies_listed is 'Trials in the ranked list (top_trials rows).';
comment on column export_topics.excluded_by_reason is 'Studies the relevance rules excluded, counted by reason: MAP(reason, count), most first.';
comment on column export_topics.withheld_incomplete is 'Relevant studies kept out because a field the API always sends is missing, sorted nct_ids.';
comment on column export_topics.quarantined is 'Relevant studies kept out by the quarantine table for any reason (includes withheld_incomplete).';
comment on column export_topics.score_weights is 'Maximum points of each score component: MAP(component, weight) from topic_weights.';
