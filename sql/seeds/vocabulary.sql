-- The project's one vocabulary: every registry value the outputs name, with its label for readers
-- (kind = status, phase, enrollment_type, component, sex, sponsor_class, tier; a topic relabels its tiers in topic_tiers). Loaded from sql/seeds/vocabulary.csv, which
-- Python reads too (pipeline/config/vocabulary.py), so a label is written once.
-- status: label is the badge, reason the sentence in a trial's reasons, tone open / soon / closed
-- (is_open() is true for open and soon). phase: label, reason as in reasons (NA has none).
create or replace table vocabulary (
    kind varchar not null,
    value varchar not null,
    label varchar not null,
    reason varchar,
    tone varchar,
    sort integer not null,
    primary key (kind, value)
)
