-- Reader-facing label of each relevance tier, per ranked topic ([tiers] in topics/<slug>.toml).
create or replace table topic_tiers (
    topic varchar not null,
    tier varchar not null,
    label varchar not null,
    tier_order integer not null
)
