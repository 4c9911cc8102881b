-- Descriptions of topic_weights; docs/schema.md is generated from them (make docs).
comment on table topic_weights is 'Seed: score weight per topic and component ([weights] in topics/<slug>.toml). A trial''s score is the sum over components of weight x component value, each value in [0, 1] (trial_scores).';
comment on column topic_weights.topic is 'Topic slug (topics.topic).';
comment on column topic_weights.component is 'Score component: relevance, status, phase, enrollment, recency, results, sites, countries, sponsor or article.';
comment on column topic_weights.weight is 'Points a component value of 1.0 adds to the score (topics/<slug>.toml [weights], e.g. status 60, relevance 30, phase 8 ...).';
