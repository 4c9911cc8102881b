-- Descriptions of topic_tiers; docs/schema.md is generated from them (make docs).
comment on table topic_tiers is 'Seed: the reader-facing label of each relevance tier of a ranked topic ([tiers] in topics/<slug>.toml; a tier the file leaves out gets a generic label). Dashboards and reports label tiers from here.';
comment on column topic_tiers.topic is 'Topic slug (topics.topic).';
comment on column topic_tiers.tier is 'primary, secondary or excluded, as in study_relevance.tier.';
comment on column topic_tiers.label is 'What a reader sees for the tier, e.g. a primary label naming the topic as the focus.';
comment on column topic_tiers.tier_order is '1 primary, 2 secondary, 3 excluded: the order legends and tables list the tiers in.';
