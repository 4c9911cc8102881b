-- Descriptions of topics; docs/schema.md is generated from them (make docs).
comment on table topics is 'Seed: one row per topic file loaded for this build (topics/<slug>.toml). A topic is a set of API queries plus the rules that decide which fetched studies belong to it.';
comment on column topics.topic is 'Topic slug, the file name of topics/<slug>.toml.';
comment on column topics.title is 'Human title of the topic (title in the topic file).';
comment on column topics.article is 'Slug of the article the topic''s ranking sits beside (content/<slug>.toml); null if none.';
comment on column topics.article_title is 'Title of that article (article_title in the topic file).';
comment on column topics.mesh_ids is 'MeSH descriptor UIs (official form, e.g. D003920 for Diabetes Mellitus) that define the topic: a study whose condition MeSH is one of them is at least secondary (study_relevance).';
comment on column topics.ranked is 'False for a topic without relevance terms (such as topics/registry.toml, the whole-registry mirror): its studies are stored, normalised and checked but not classified, ranked or exported.';
